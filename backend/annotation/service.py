"""Accepting a mask: check who may write it, validate it, store a new version that becomes the patient's accepted
label (or, where the project reviews masks, a read that waits for a reviewer), debit the budget, all in the caller's
transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.annotation import access, versions
from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core.config import get_settings
from backend.core.errors import BadInput, Conflict, Forbidden, NotFound
from backend.models import Annotation, Patient, Project, Score, User, Volume
from backend.models.patient import PatientStatus
from backend.patient import service as patient_service
from backend.review import service as review_service
from backend.round import service as round_service
from backend.round.state import RoundStatus, transition
from backend.storage import blobs, nifti_io

log = logging.getLogger(__name__)


def validate_mask(project: Project, payload: bytes, shape: list[int]) -> np.ndarray:
    """Decode an uploaded NIfTI mask onto the image grid (bounded by its voxel count) and check its labels."""
    if not payload:
        raise BadInput("The mask file is empty")
    data = nifti_io.read_label_map(payload, shape, max_extension_bytes=get_settings().max_nifti_extension_bytes)
    allowed = {0} | {int(item["value"]) for item in project.labels}
    present = np.flatnonzero(np.bincount(data.ravel(order="K"), minlength=256))
    unknown = {int(v) for v in present} - allowed
    if unknown:
        raise BadInput(f"Mask contains label values {sorted(unknown)}; allowed are {sorted(allowed)}")
    return data


def _changed_meanwhile(session: Session, patient: Patient, base_version: int | None) -> Conflict:
    """The 409 of a write that did not start from the patient's accepted version, naming what is accepted now."""
    session.expire(patient)
    accepted = patient_service.accepted_annotation(session, patient)
    if accepted is None:
        now = "it has no accepted annotation"
    else:
        author = session.get(User, accepted.author_id) if accepted.author_id else None
        now = f"version {accepted.version} by {author.username if author else 'import'}"
    started = f"version {base_version}" if base_version is not None else "no annotation"
    return Conflict(
        f"Patient {patient.external_id} was annotated meanwhile ({now}; you started from {started}); "
        "reload the case and start again"
    )


def submit(
    session: Session,
    *,
    patient: Patient,
    project: Project,
    author: User,
    payload: bytes,
    time_spent_s: float | None,
    base_version: int | None,
    then: Callable[[], object] | None = None,
) -> Annotation:
    """A reader's mask of a case they may annotate (``access``): it becomes the accepted version, and the first
    accepted annotation of a patient debits its cost. The caller deletes the blob when its commit fails.

    ``then`` runs the caller's own writes of the same transaction (release the reservation, clear drafts, queue a
    SEG) before the debit. The debit's conditional UPDATE locks the project row until commit, and every first
    submission of the project takes that lock, so it is the transaction's last statement: the mask's encoding, the
    blob write, the audit row and the caller's writes all happen before it (issue 16: holding it through them made
    submissions wait 1–3 s for each other at 50 readers).
    """
    accepted = access.check_may_annotate(session, patient, project, author)
    review = review_service.for_patient(session, patient.id)
    if project.review_required and accepted is not None and review is None:
        raise Forbidden(
            f"Patient {patient.external_id} was accepted before this project reviewed its masks: the project lead "
            f"corrects it with the ground-truth correction action"
        )
    volume = patient_service.primary_volume(session, patient)
    labels = validate_mask(project, payload, volume.shape)
    encoded = nifti_io.encode(labels, np.asarray(volume.affine))
    if review is not None or project.review_required:
        # A read for review (backend/review): charged when it is the case's first, accepted by a reviewer later.
        prediction = patient_service.latest_prediction(session, patient.id)
        read = review_service.add_read(
            session,
            project=project,
            patient=patient,
            volume=volume,
            labels=labels,
            encoded=encoded,
            author=author,
            base_version=base_version,
            time_spent_s=time_spent_s,
            source_model_version_id=prediction.model_version_id if prediction else None,
        )
        annotation, charged = read.annotation, read.charged
    else:
        annotation = _accept_version(
            session,
            patient=patient,
            volume=volume,
            encoded=encoded,
            author=author,
            source="human",
            accepted=accepted,
            base_version=base_version,
            time_spent_s=time_spent_s,
        )
        # Only the first accepted annotation of a patient is paid for; the compare-and-set switch in _accept_version
        # lets exactly one concurrent first submission through, so the debit cannot be taken (or skipped) twice.
        charged = accepted is None
    cost_cents = budget_service.patient_cost_cents(session, project, patient) if charged else 0
    audit.record(
        session,
        user_id=author.id,
        action="annotation.submit",
        target_type="patient",
        target_id=patient.id,
        details={
            "version": annotation.version,
            "base_version": base_version,
            "charged": charged,
            "time_spent_s": time_spent_s,
            **({"read": annotation.read_number} if annotation.read_number is not None else {}),
        },
    )
    _store(annotation, encoded)
    try:
        if then is not None:
            then()
        if charged:
            _advance_round(session, project_id=project.id, patient_id=patient.id)
            budget_service.debit(
                session,
                project_id=project.id,
                amount_cents=cost_cents,
                user_id=author.id,
                patient_id=patient.id,
                annotation_id=annotation.id,
                reason=f"annotation of {patient.external_id}",
            )
    except Exception:
        blobs.delete(annotation.storage_key)  # refused (e.g. the budget ran out meanwhile): no file is left behind
        raise
    log.info("annotation.accepted patient=%s version=%s charged=%s", patient.id, annotation.version, charged)
    return annotation


def correct(
    session: Session,
    *,
    patient: Patient,
    project: Project,
    lead: User,
    payload: bytes,
    reason: str,
    base_version: int | None,
) -> Annotation:
    """A lead's (or admin's) correction of any patient's ground truth, validation and imported included: a new
    version with source "correction" that becomes the accepted one, never charged, audited with what it replaced
    and why."""
    reason = reason.strip()
    if not reason:
        raise BadInput("Say why the ground truth is corrected (reason)")
    volume = patient_service.primary_volume(session, patient)
    encoded = nifti_io.encode(validate_mask(project, payload, volume.shape), np.asarray(volume.affine))
    previous = patient_service.accepted_annotation(session, patient)
    previous_author = session.get(User, previous.author_id) if previous and previous.author_id else None
    annotation = _accept_version(
        session,
        patient=patient,
        volume=volume,
        encoded=encoded,
        author=lead,
        source="correction",
        accepted=previous,
        base_version=base_version,
        time_spent_s=None,
    )
    audit.record(
        session,
        user_id=lead.id,
        action="annotation.correct",
        target_type="patient",
        target_id=patient.id,
        details={
            "version": annotation.version,
            "previous_version": previous.version if previous else None,
            "previous_author": previous_author.username if previous_author else None,
            "previous_source": previous.source if previous else None,
            "reason": reason,
        },
    )
    _store(annotation, encoded)
    log.info("annotation.corrected patient=%s version=%s", patient.id, annotation.version)
    return annotation


def _accept_version(
    session: Session,
    *,
    patient: Patient,
    volume: Volume,
    encoded: bytes,
    author: User,
    source: str,
    accepted: Annotation | None,
    base_version: int | None,
    time_spent_s: float | None,
) -> Annotation:
    """Add the next version and make it the accepted one, atomically against concurrent writers, or raise 409.

    ``base_version`` is the accepted version the writer started from (None: none). The switch is one conditional
    UPDATE on the patient from the accepted annotation read here, and the version number is unique per patient,
    so of many concurrent writers from the same base exactly one wins; the others get a clean 409 and nothing
    (no row, no blob) is left behind.
    """
    if base_version != (accepted.version if accepted else None):
        raise _changed_meanwhile(session, patient, base_version)
    prediction = patient_service.latest_prediction(session, patient.id)
    annotation = versions.new_version(
        patient_id=patient.id,
        volume_id=volume.id,
        author_id=author.id,
        version=versions.next_version(session, patient.id),
        source=source,
        encoded=encoded,
        time_spent_s=time_spent_s,
        source_model_version_id=prediction.model_version_id if prediction else None,
    )
    if not versions.insert(session, annotation):  # a concurrent writer took this version number first
        raise _changed_meanwhile(session, patient, base_version)
    same_base = (
        Patient.accepted_annotation_id.is_(None) if accepted is None else Patient.accepted_annotation_id == accepted.id
    )
    switched = session.execute(
        update(Patient)
        .where(Patient.id == patient.id, same_base)
        .values(accepted_annotation_id=annotation.id, status=str(PatientStatus.annotated))
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not switched:
        raise _changed_meanwhile(session, patient, base_version)
    session.expire(patient, ["accepted_annotation_id", "status"])
    return annotation


def _store(annotation: Annotation, encoded: bytes) -> None:
    """Write the mask blob, after every database check has passed (a refused submission leaves no file)."""
    blobs.put_bytes(annotation.storage_key, encoded)


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
