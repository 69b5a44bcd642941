"""Turn planned imports (from ``backend.ingest``) into patients, studies, volumes and imported labels.

Labels become annotations (source "import": the patient counts as annotated and trains the next round), or, with
``reference_labels``, hidden reference labels: ground truth kept only for the simulated random-selection baseline,
so the patient stays unlabelled in the pool and nobody (reader or model) ever sees it.
"""

from __future__ import annotations

import logging
import uuid

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import BadInput, Conflict
from backend.ingest.volume import LoadedVolume, PatientImport
from backend.models import Annotation, Patient, Project, ReferenceLabel, Study, Volume
from backend.models.patient import PatientStatus, Split
from backend.storage import blobs, nifti_io

log = logging.getLogger(__name__)


def _store_volume(session: Session, study: Study, loaded: LoadedVolume) -> Volume:
    data = np.asarray(loaded.data)
    volume_id = uuid.uuid4()
    key = f"volumes/{volume_id}.nii.gz"
    sha = blobs.put_bytes(key, nifti_io.encode(data, loaded.affine))
    volume = Volume(
        id=volume_id,
        study_id=study.id,
        series_uid=loaded.series_uid,
        description=loaded.description[:255],
        modality=loaded.modality,
        source_format=loaded.source_format,
        storage_key=key,
        sha256=sha,
        shape=[int(n) for n in data.shape],
        spacing=[float(s) for s in loaded.spacing],
        affine=np.asarray(loaded.affine, dtype=float).tolist(),
        dtype=str(data.dtype),
        extra={"series_number": loaded.series_number},
    )
    session.add(volume)
    session.flush()
    return volume


def _check_label_values(project: Project, label: np.ndarray, name: str) -> None:
    allowed = {0} | {int(item["value"]) for item in project.labels}
    present = {int(v) for v in np.unique(label)}
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
) -> list[Patient]:
    """Create every planned patient in the caller's transaction; on error the caller rolls back and
    ``written`` blobs are removed, so a failed import stores nothing.

    With ``reference_labels`` the labels are stored as hidden ground truth instead of annotations.
    """
    if not plans:
        raise BadInput("The upload contains no images")
    if reference_labels:
        _check_reference_import(plans, split)
    external_ids = [plan.external_id for plan in plans]
    existing = set(
        session.scalars(
            select(Patient.external_id).where(Patient.project_id == project.id, Patient.external_id.in_(external_ids))
        )
    )
    if existing or len(set(external_ids)) != len(external_ids):
        dupes = sorted(existing) or sorted({e for e in external_ids if external_ids.count(e) > 1})
        raise Conflict(f"Patients already in this project: {', '.join(dupes)}")
    patients: list[Patient] = []
    written: list[str] = []
    try:
        for plan in plans:
            patients.append(
                _import_one(
                    session, project=project, plan=plan, split=split, written=written, reference=reference_labels
                )
            )
    except Exception:
        for key in written:
            blobs.delete(key)
        raise
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
    sha = blobs.put_bytes(key, nifti_io.encode(label.astype(np.uint8), np.asarray(volume.affine)))
    written.append(key)
    reference = ReferenceLabel(id=reference_id, patient_id=patient.id, volume_id=volume.id, storage_key=key, sha256=sha)
    session.add(reference)
    session.flush()
    return reference


def _import_one(
    session: Session, *, project: Project, plan: PatientImport, split: Split, written: list[str], reference: bool
) -> Patient:
    patient = Patient(project_id=project.id, external_id=plan.external_id, split=str(split))
    session.add(patient)
    session.flush()
    primary: Volume | None = None
    primary_label: LoadedVolume | None = None
    for study_plan in plan.studies:
        study = Study(patient_id=patient.id, study_uid=study_plan.study_uid, description=study_plan.description[:255])
        session.add(study)
        session.flush()
        for index, loaded in enumerate(study_plan.images):
            volume = _store_volume(session, study, loaded)
            written.append(volume.storage_key)
            if primary is None and index == 0:
                primary = volume
                primary_label = study_plan.label
    if primary is None:
        raise BadInput(f"{plan.external_id}: no image volume found")
    patient.primary_volume_id = primary.id
    if primary_label is not None and reference:
        label_data = np.asarray(primary_label.data)
        store_reference_label(
            session, project=project, patient=patient, volume=primary, label=label_data, written=written
        )
    elif primary_label is not None:
        label = np.asarray(primary_label.data)
        if list(label.shape) != primary.shape:
            raise BadInput(f"{plan.external_id}: label shape {label.shape} differs from image {primary.shape}")
        _check_label_values(project, label, plan.external_id)
        annotation_id = uuid.uuid4()
        key = f"annotations/{annotation_id}.nii.gz"
        affine = np.asarray(primary.affine)
        sha = blobs.put_bytes(key, nifti_io.encode(label.astype(np.uint8), affine))
        written.append(key)
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
        patient.status = str(PatientStatus.annotated)
    session.flush()
    log.info(
        "import.patient project=%s patient=%s labelled=%s reference=%s",
        project.id,
        plan.external_id,
        primary_label is not None,
        reference,
    )
    return patient
