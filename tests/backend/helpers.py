"""Small helpers for API tests: NIfTI bytes, patients by status, a published round offering given patients."""

from __future__ import annotations

import gzip
import uuid
from typing import Any

import nibabel as nib
import numpy as np
from fastapi.testclient import TestClient


def nifti_bytes(data: np.ndarray, *, compress: bool = True) -> bytes:
    raw = nib.Nifti1Image(data, np.eye(4)).to_bytes()
    return gzip.compress(raw) if compress else raw


def read_nifti(payload: bytes) -> np.ndarray:
    if payload[:2] == b"\x1f\x8b":
        payload = gzip.decompress(payload)
    return np.asanyarray(nib.Nifti1Image.from_bytes(payload).dataobj)


def patients(client: TestClient, project_id: str, headers: dict[str, str], **where: str) -> list[dict[str, Any]]:
    rows = client.get(f"/api/projects/{project_id}/patients", headers=headers).json()
    return [row for row in rows if all(row[k] == v for k, v in where.items())]


def publish_round(project_id: str, patient_ids: list[str], *, status: str = "ready") -> str:
    """Offer these patients to the project's readers: a round in ``status`` (published: ready or annotating) that
    selected them, made directly in the database (any open round is closed first, as starting a round does)."""
    from sqlalchemy import func, select, update

    from backend.db.session import session_scope
    from backend.models import Round, Score
    from backend.round.state import OPEN_FOR_ANNOTATION

    project = uuid.UUID(project_id)
    with session_scope() as session:
        session.execute(
            update(Round)
            .where(Round.project_id == project, Round.status.in_([str(s) for s in OPEN_FOR_ANNOTATION]))
            .values(status="closed")
        )
        number = (session.scalar(select(func.max(Round.number)).where(Round.project_id == project)) or 0) + 1
        found = Round(
            project_id=project, number=number, status=status, strategy="random", batch_size=max(1, len(patient_ids))
        )
        session.add(found)
        session.flush()
        for rank, patient_id in enumerate(patient_ids, start=1):
            session.add(
                Score(round_id=found.id, patient_id=uuid.UUID(patient_id), value=1.0 / rank, rank=rank, selected=True)
            )
        return str(found.id)


def submit(client: TestClient, patient_id: str, headers: dict[str, str], mask: bytes, **form: str) -> Any:
    return client.post(
        f"/api/patients/{patient_id}/annotations",
        files={"mask": ("mask.nii.gz", mask, "application/gzip")},
        data=form,
        headers=headers,
    )


def add_bare_patient(session: Any, project_id: uuid.UUID, external_id: str, shape: list[int], modality: str) -> Any:
    """A patient with a study and a primary volume row but no stored image: enough for lists, counts, prices and the
    queue, thousands of times faster than an import (flushed in the caller's session)."""
    from backend.models import Patient, Study, Volume

    patient = Patient(project_id=project_id, external_id=external_id)
    session.add(patient)
    session.flush()
    study = Study(patient_id=patient.id)
    session.add(study)
    session.flush()
    volume = Volume(
        study_id=study.id,
        modality=modality,
        source_format="nifti",
        storage_key=f"volumes/bare-{patient.id}.nii.gz",
        sha256="0" * 64,
        shape=shape,
        spacing=[1.0, 1.0, 1.0],
        affine=[[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0], [0, 0, 0, 1.0]],
        dtype="float32",
    )
    session.add(volume)
    session.flush()
    patient.primary_volume_id = volume.id
    return patient
