"""Turn planned imports (from ``backend.ingest``) into patients, studies, volumes and imported labels."""

from __future__ import annotations

import logging
import uuid

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import BadInput, Conflict
from backend.ingest.volume import LoadedVolume, PatientImport
from backend.models import Annotation, Patient, Project, Study, Volume
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
    session: Session, *, project: Project, plans: list[PatientImport], split: Split = Split.pool
) -> list[Patient]:
    """Create every planned patient in the caller's transaction; on error the caller rolls back and
    ``written`` blobs are removed, so a failed import stores nothing."""
    if not plans:
        raise BadInput("The upload contains no images")
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
            patients.append(_import_one(session, project=project, plan=plan, split=split, written=written))
    except Exception:
        for key in written:
            blobs.delete(key)
        raise
    return patients


def _import_one(
    session: Session, *, project: Project, plan: PatientImport, split: Split, written: list[str]
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
    if primary_label is not None:
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
        "import.patient project=%s patient=%s labelled=%s", project.id, plan.external_id, primary_label is not None
    )
    return patient
