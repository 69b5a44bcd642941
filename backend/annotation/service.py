"""Accepting a mask: validate it, store a new version, debit the budget, all in the caller's transaction."""

from __future__ import annotations

import logging
import uuid

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core.errors import BadInput, Conflict, NotFound
from backend.models import Annotation, Patient, Project, Score, User
from backend.models.patient import PatientStatus
from backend.patient import service as patient_service
from backend.project import service as project_service
from backend.round import service as round_service
from backend.round.state import RoundStatus, transition
from backend.storage import blobs, nifti_io

log = logging.getLogger(__name__)


def validate_mask(project: Project, payload: bytes, shape: list[int]) -> np.ndarray:
    """Decode an uploaded NIfTI mask and check it fits the image grid and the project's labels."""
    if not payload:
        raise BadInput("The mask file is empty")
    data = np.asanyarray(nifti_io.decode(payload).dataobj)
    while data.ndim > len(shape) and data.shape[-1] == 1:
        data = data[..., 0]
    if list(data.shape) != list(shape):
        raise BadInput(f"Mask shape {list(data.shape)} does not match the image shape {list(shape)}")
    if not np.all(np.isfinite(data)) or not np.array_equal(data, np.round(data)):
        raise BadInput("Mask values must be whole label numbers")
    allowed = {0} | {int(item["value"]) for item in project.labels}
    unknown = {int(v) for v in np.unique(data)} - allowed
    if unknown:
        raise BadInput(f"Mask contains label values {sorted(unknown)}; allowed are {sorted(allowed)}")
    return data.astype(np.uint8)


def _check_quota(session: Session, *, project: Project, patient: Patient, author: User) -> None:
    """A new patient counts against the reader's quota; more versions of one they already did do not."""
    left = project_service.quota_left(session, project.id, author)
    if left is None or left > 0:
        return
    already = session.scalar(
        select(Annotation.id).where(Annotation.patient_id == patient.id, Annotation.author_id == author.id).limit(1)
    )
    if already is None:
        raise Conflict("Your annotation quota in this project is used up; ask the project lead to raise it")


def submit(
    session: Session,
    *,
    patient: Patient,
    project: Project,
    author: User,
    payload: bytes,
    time_spent_s: float | None,
) -> Annotation:
    volume = patient_service.primary_volume(session, patient)
    mask = validate_mask(project, payload, volume.shape)
    _check_quota(session, project=project, patient=patient, author=author)
    version = (session.scalar(select(func.max(Annotation.version)).where(Annotation.patient_id == patient.id)) or 0) + 1
    prediction = patient_service.latest_prediction(session, patient.id)
    annotation = Annotation(
        id=uuid.uuid4(),
        patient_id=patient.id,
        volume_id=volume.id,
        author_id=author.id,
        version=version,
        source="human",
        storage_key="",
        sha256="",
        time_spent_s=time_spent_s,
        source_model_version_id=prediction.model_version_id if prediction else None,
    )
    annotation.storage_key = f"annotations/{annotation.id}.nii.gz"
    encoded = nifti_io.encode(mask, np.asarray(volume.affine))
    session.add(annotation)
    session.flush()
    # Only the first annotation of a patient is paid for; the status flip is compare-and-set so two
    # concurrent first submissions cannot both skip (or both take) the debit.
    first = session.execute(
        update(Patient)
        .where(Patient.id == patient.id, Patient.status == PatientStatus.unlabeled)
        .values(status=str(PatientStatus.annotated))
    ).rowcount  # type: ignore[attr-defined]
    if first:
        budget_service.debit(
            session,
            project_id=project.id,
            amount_cents=budget_service.cost_for_shape(project, volume.shape),
            user_id=author.id,
            patient_id=patient.id,
            annotation_id=annotation.id,
            reason=f"annotation of {patient.external_id}",
        )
        _advance_round(session, project_id=project.id, patient_id=patient.id)
    annotation.sha256 = blobs.put_bytes(annotation.storage_key, encoded)
    session.flush()
    audit.record(
        session,
        user_id=author.id,
        action="annotation.submit",
        target_type="patient",
        target_id=patient.id,
        details={"version": version, "charged": bool(first), "time_spent_s": time_spent_s},
    )
    log.info("annotation.accepted patient=%s version=%s charged=%s", patient.id, version, bool(first))
    return annotation


def _advance_round(session: Session, *, project_id: uuid.UUID, patient_id: uuid.UUID) -> None:
    current = round_service.open_round(session, project_id)
    if current is None or current.status != RoundStatus.ready:
        return
    selected = session.scalar(
        select(Score.id).where(Score.round_id == current.id, Score.patient_id == patient_id, Score.selected)
    )
    if selected is not None:
        transition(session, current.id, to=RoundStatus.annotating)


def list_for_patient(session: Session, patient_id: uuid.UUID) -> list[tuple[Annotation, str | None]]:
    rows = session.execute(
        select(Annotation, User.username)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Annotation.patient_id == patient_id)
        .order_by(Annotation.version)
    )
    return [(annotation, username) for annotation, username in rows]


def get_or_raise(session: Session, annotation_id: uuid.UUID) -> Annotation:
    annotation = session.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFound(f"Annotation {annotation_id} not found")
    return annotation


def list_for_project(session: Session, project_id: uuid.UUID) -> list[tuple[Annotation, str, str | None]]:
    rows = session.execute(
        select(Annotation, Patient.external_id, User.username)
        .join(Patient, Patient.id == Annotation.patient_id)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Patient.project_id == project_id)
        .order_by(Annotation.created_at.desc(), Annotation.version.desc())
    )
    return [(annotation, external_id, username) for annotation, external_id, username in rows]
