"""Turn planned imports (from ``backend.ingest``) into patients, studies, volumes and imported labels.

Labels become annotations (source "import": the patient counts as annotated and trains the next round), or, with
``reference_labels``, hidden reference labels: ground truth kept only for the simulated random-selection baseline,
so the patient stays unlabelled in the pool and nobody (reader or model) ever sees it.

De-identification (``project.deidentify``, the default) happens here, for uploads and PACS imports alike: a DICOM
patient's external id becomes the project's keyed pseudonym of its PatientID, its studies and series are named from
coded attributes only (the PS3.15 basic profile removes the free-text descriptions), and what was replaced goes to
the lead-only ``PatientIdentity``. NIfTI and 2D patients keep the file name the uploader gave them: their headers
carry no identity (the store re-encodes voxels and affine only) and the name is the uploader's own choice.
The original DICOM headers of every image volume are stored as one blob (``Volume.extra["dicom_headers_key"]``):
results sent back to the PACS must carry the real patient and study attributes to be filed beside their source;
no route returns them unless de-identified (``backend.deid.deidentify_dataset``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import BadInput, Conflict
from backend.deid import record_identity
from backend.deid.keys import date_shift_days, pseudonym
from backend.deid.profile import series_label, study_label
from backend.ingest.dicom_headers import HEADERS_KEY, save_headers
from backend.ingest.volume import LoadedVolume, PatientImport, StudyImport
from backend.models import Annotation, Patient, Project, ReferenceLabel, Study, Volume
from backend.models.patient import PatientStatus, Split
from backend.patient import preview
from backend.patient.study_dates import STUDY_DATE_KEY, iso_study_date
from backend.storage import blobs, nifti_io

log = logging.getLogger(__name__)


# Database column widths of the identifiers taken from files (backend/models/patient.py): longer ones are refused
# by name (a UID longer than DICOM's 64 characters is a damaged file); free-text descriptions are cut instead.
_FIELD_WIDTHS = {
    "PatientID (or file name)": 128,
    "StudyInstanceUID": 128,
    "SeriesInstanceUID": 128,
    "Modality": 16,
}
_DESCRIPTION_WIDTH = 255


@contextmanager
def removing_blobs_on_failure() -> Iterator[list[str]]:
    """Collect the keys of blobs written for one import; on any error (a refused file, a database error at flush
    or commit) they are deleted, so a failed import leaves no file in the store. Wrap the commit in it too."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for key in written:
            blobs.delete(key)
        raise


def _check_field_widths(plans: list[PatientImport]) -> None:
    """Refuse identifiers that do not fit their column before anything is written (SQLite would not complain)."""
    for plan in plans:
        values = [("PatientID (or file name)", plan.external_id)]
        for study in plan.studies:
            values.append(("StudyInstanceUID", study.study_uid or ""))
            for loaded in [*study.images, *([study.label] if study.label else [])]:
                values += [("SeriesInstanceUID", loaded.series_uid or ""), ("Modality", loaded.modality)]
        for field, value in values:
            if len(value) > _FIELD_WIDTHS[field]:
                raise BadInput(
                    f"{field} {shorten(value)} is {len(value)} characters long; at most {_FIELD_WIDTHS[field]} "
                    "are allowed."
                )


def shorten(value: str, width: int = 40) -> str:
    """A name quoted for a message: control characters escaped (``repr``), long ones cut in the middle."""
    if len(value) > width:
        value = f"{value[: width // 2]}…{value[-width // 2 :]}"
    return repr(value)


def is_dicom(loaded: LoadedVolume) -> bool:
    return loaded.source_format.startswith("dicom")


def _plan_is_dicom(plan: PatientImport) -> bool:
    return any(is_dicom(v) for study in plan.studies for v in [*study.images, *([study.label] if study.label else [])])


@dataclass(frozen=True)
class _Naming:
    """What a planned patient is called in the project: its external id, and for a de-identified DICOM patient
    the real identifiers that the pseudonym replaced (``None`` when nothing was replaced)."""

    external_id: str
    real_id: str | None = None

    @property
    def deidentified(self) -> bool:
        return self.real_id is not None


def external_id_for(project: Project, plan: PatientImport) -> str:
    """The external id ``plan`` gets in ``project``: the pseudonym of its PatientID for a DICOM patient of a
    de-identifying project (so a caller can look an earlier import of the same patient up), else its own key."""
    return _naming(project, plan).external_id


def _naming(project: Project, plan: PatientImport) -> _Naming:
    if project.deidentify and _plan_is_dicom(plan):
        return _Naming(external_id=pseudonym(project, plan.external_id), real_id=plan.external_id)
    return _Naming(external_id=plan.external_id)


def _real_patient_name(plan: PatientImport) -> str:
    """PatientName of the plan's first DICOM image (read from its kept headers), "" when unknown."""
    for study in plan.studies:
        for loaded in study.images:
            headers = loaded.dicom_headers if is_dicom(loaded) else None
            if headers:
                return str(headers[0].get("PatientName", "") or "")
    return ""


def _store_headers(loaded: LoadedVolume, volume_id: uuid.UUID, written: list[str]) -> dict[str, Any]:
    """Store a DICOM volume's original headers (contract 3 of issue 14); the keys ``Volume.extra`` gets."""
    headers = loaded.dicom_headers if is_dicom(loaded) else None
    if not headers:
        return {}
    key = f"dicom-headers/{volume_id}.json.gz"
    written.append(key)
    blobs.put_bytes(key, save_headers(headers))
    frame_of_reference = getattr(loaded, "frame_of_reference_uid", None) or headers[0].get("FrameOfReferenceUID")
    return {HEADERS_KEY: key, "frame_of_reference_uid": str(frame_of_reference) if frame_of_reference else None}


def _store_volume(
    session: Session,
    study: Study,
    loaded: LoadedVolume,
    written: list[str],
    *,
    deidentified: bool,
    date_shift: int | None = None,
) -> Volume:
    """Decode, store and forget one volume: an upload's volumes are never all in memory at once."""
    volume_id = uuid.uuid4()
    extra: dict[str, Any] = {"series_number": loaded.series_number, **_store_headers(loaded, volume_id, written)}
    study_date = iso_study_date(loaded.dicom_headers if is_dicom(loaded) else None, date_shift)
    if study_date is not None:
        extra[STUDY_DATE_KEY] = study_date
    key = f"volumes/{volume_id}.nii.gz"
    data = loaded.data
    written.append(key)
    sha = blobs.put_bytes(key, nifti_io.encode(data, loaded.affine))
    written.append(preview.key_for(volume_id))
    preview.store(volume_id, data, loaded.affine)
    description = series_label(loaded.modality, loaded.series_number) if deidentified else loaded.description
    volume = Volume(
        id=volume_id,
        study_id=study.id,
        series_uid=loaded.series_uid,
        description=description[:_DESCRIPTION_WIDTH],
        modality=loaded.modality,
        source_format=loaded.source_format,
        storage_key=key,
        sha256=sha,
        shape=[int(n) for n in data.shape],
        spacing=[float(s) for s in loaded.spacing],
        affine=np.asarray(loaded.affine, dtype=float).tolist(),
        dtype=str(data.dtype),
        extra=extra,
    )
    del data
    loaded.release()
    session.add(volume)
    session.flush()
    return volume


def _check_label_values(project: Project, label: np.ndarray, name: str) -> None:
    allowed = {0} | {int(item["value"]) for item in project.labels}
    values = np.bincount(label.ravel(), minlength=256).nonzero()[0] if label.dtype == np.uint8 else np.unique(label)
    present = {int(v) for v in values}
    unknown = present - allowed
    if unknown:
        raise BadInput(f"{name}: label values {sorted(unknown)} are not labels of this project {sorted(allowed)}")


def import_patients(
    session: Session,
    *,
    project: Project,
    plans: list[PatientImport],
    split: Split = Split.pool,
    reference_labels: bool = False,
    written: list[str] | None = None,
) -> list[Patient]:
    """Create every planned patient in the caller's transaction, storing one volume at a time.

    Blobs written are appended to ``written`` (see ``removing_blobs_on_failure``, which the caller wraps around
    this call and its commit); without one they are removed here on error. On error the caller rolls back, so
    a failed import stores nothing. With ``reference_labels`` the labels are stored as hidden ground truth
    instead of annotations.
    """
    if not plans:
        raise BadInput("The upload contains no images")
    if reference_labels:
        _check_reference_import(plans, split)
    _check_field_widths(plans)
    namings = [_naming(project, plan) for plan in plans]
    external_ids = [naming.external_id for naming in namings]
    existing = set(
        session.scalars(
            select(Patient.external_id).where(Patient.project_id == project.id, Patient.external_id.in_(external_ids))
        )
    )
    if existing or len(set(external_ids)) != len(external_ids):
        dupes = sorted(existing) or sorted({e for e in external_ids if external_ids.count(e) > 1})
        hint = " (pseudonyms of the upload's PatientIDs)" if any(n.deidentified for n in namings) else ""
        raise Conflict(f"Patients already in this project{hint}: {', '.join(dupes)}")
    patients: list[Patient] = []
    with removing_blobs_on_failure() as own:
        keys = own if written is None else written
        for plan, naming in zip(plans, namings, strict=True):
            patients.append(
                _import_one(
                    session,
                    project=project,
                    plan=plan,
                    naming=naming,
                    split=split,
                    written=keys,
                    reference=reference_labels,
                )
            )
    return patients


def _check_reference_import(plans: list[PatientImport], split: Split) -> None:
    """Reference labels only make sense for pool patients, and only when the upload has labels at all."""
    if split != Split.pool:
        raise BadInput(
            "Reference labels are for pool patients only: validation patients need their labels as annotations "
            "to measure validation Dice"
        )
    if not any(study.label is not None for plan in plans for study in plan.studies):
        raise BadInput("Reference labels were requested but the upload contains no label files")


def store_reference_label(
    session: Session, *, project: Project, patient: Patient, volume: Volume, label: np.ndarray, written: list[str]
) -> ReferenceLabel:
    """Keep ``label`` as the patient's hidden ground truth; the patient's status is left as it is.

    Checked like an imported annotation (shape of the image, the project's label values), so a simulation never
    trains on a label the project could not have produced.
    """
    if list(label.shape) != list(volume.shape):
        raise BadInput(f"{patient.external_id}: label shape {label.shape} differs from image {tuple(volume.shape)}")
    _check_label_values(project, label, patient.external_id)
    reference_id = uuid.uuid4()
    key = f"reference/{reference_id}.nii.gz"
    written.append(key)
    sha = blobs.put_bytes(key, nifti_io.encode(label.astype(np.uint8, copy=False), np.asarray(volume.affine)))
    reference = ReferenceLabel(id=reference_id, patient_id=patient.id, volume_id=volume.id, storage_key=key, sha256=sha)
    session.add(reference)
    session.flush()
    return reference


def _study_description(study_plan: StudyImport, deidentified: bool) -> str:
    if not deidentified:
        return study_plan.description
    volumes = [*study_plan.images, *([study_plan.label] if study_plan.label else [])]
    return study_label([v.modality for v in volumes])


def _import_one(
    session: Session,
    *,
    project: Project,
    plan: PatientImport,
    naming: _Naming,
    split: Split,
    written: list[str],
    reference: bool,
) -> Patient:
    external_id = naming.external_id
    patient = Patient(project_id=project.id, external_id=external_id, split=str(split))
    session.add(patient)
    session.flush()
    if naming.real_id is not None:
        record_identity(session, patient, naming.real_id, _real_patient_name(plan), project)
    date_shift = date_shift_days(project, naming.real_id) if naming.real_id is not None else None
    primary: Volume | None = None
    primary_label: LoadedVolume | None = None
    for study_plan in plan.studies:
        study = Study(
            patient_id=patient.id,
            study_uid=study_plan.study_uid,
            description=_study_description(study_plan, naming.deidentified)[:_DESCRIPTION_WIDTH],
        )
        session.add(study)
        session.flush()
        for index, loaded in enumerate(study_plan.images):
            volume = _store_volume(
                session, study, loaded, written, deidentified=naming.deidentified, date_shift=date_shift
            )
            if primary is None and index == 0:
                primary = volume
                primary_label = study_plan.label
    if primary is None:
        raise BadInput(f"{external_id}: no image volume found")
    patient.primary_volume_id = primary.id
    if primary_label is not None and reference:
        store_reference_label(
            session, project=project, patient=patient, volume=primary, label=primary_label.data, written=written
        )
        primary_label.release()
    elif primary_label is not None:
        label = primary_label.data
        if list(label.shape) != primary.shape:
            raise BadInput(f"{external_id}: label shape {label.shape} differs from image {primary.shape}")
        _check_label_values(project, label, external_id)
        annotation_id = uuid.uuid4()
        key = f"annotations/{annotation_id}.nii.gz"
        affine = np.asarray(primary.affine)
        written.append(key)
        sha = blobs.put_bytes(key, nifti_io.encode(label.astype(np.uint8, copy=False), affine))
        del label
        primary_label.release()
        session.add(
            Annotation(
                id=annotation_id,
                patient_id=patient.id,
                volume_id=primary.id,
                author_id=None,
                version=1,
                source="import",
                storage_key=key,
                sha256=sha,
                time_spent_s=None,
            )
        )
        session.flush()  # the patient row may only point at an annotation row that exists
        patient.accepted_annotation_id = annotation_id
        patient.status = str(PatientStatus.annotated)
    session.flush()
    log.info(
        "import.patient project=%s patient=%s labelled=%s reference=%s",
        project.id,
        patient.id,
        primary_label is not None,
        reference,
    )
    return patient
