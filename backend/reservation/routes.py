from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from backend.annotation.access import check_may_annotate
from backend.core.types import TextBool
from backend.deps import Annotator, LeadOrAdmin, SessionDep
from backend.models import Skip
from backend.patient import service as patient_service
from backend.project import access as project_access
from backend.reservation import service
from backend.reservation.schemas import ReservationRead, SkipCreate, SkipRead

router = APIRouter(tags=["reservations"])


def _skip_read(row: Skip, external_id: str, username: str | None) -> SkipRead:
    return SkipRead(
        id=row.id,
        patient_id=row.patient_id,
        external_id=external_id,
        reason=row.reason,
        note=row.note,
        skipped_by=username,
        round_id=row.round_id,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
    )


@router.post("/patients/{patient_id}/reservation", response_model=ReservationRead)
def reserve(patient_id: uuid.UUID, session: SessionDep, user: Annotator) -> ReservationRead:
    """Reserve the case for the caller (or renew their reservation); 409 when a colleague holds it, 403 when it is
    not a case the caller may annotate (not offered to them, validation or imported ground truth)."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    check_may_annotate(session, patient, project, user)
    reservation = service.reserve(session, patient, user)
    session.commit()
    return ReservationRead(patient_id=patient.id, username=user.username, expires_at=reservation.expires_at)


@router.delete("/patients/{patient_id}/reservation", status_code=204, response_class=Response)
def release(patient_id: uuid.UUID, session: SessionDep, user: Annotator) -> Response:
    """Give the case back to the queue (only the caller's own reservation)."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    service.release(session, patient.id, user)
    session.commit()
    return Response(status_code=204)


@router.post("/patients/{patient_id}/skip", response_model=SkipRead, status_code=201)
def skip(patient_id: uuid.UUID, body: SkipCreate, session: SessionDep, user: Annotator) -> SkipRead:
    """Set the case aside with a reason: it leaves the queue and is flagged for the project lead."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    row = service.skip(session, patient, user, reason=body.reason, note=body.note.strip())
    session.commit()
    return _skip_read(row, patient.external_id, user.username)


@router.get("/projects/{project_id}/skips", response_model=list[SkipRead])
def list_skips(
    project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin, include_resolved: TextBool = False
) -> list[SkipRead]:
    """Cases radiologists set aside, newest first: what the lead should look at."""
    project_access.get_for_user(session, project_id, user)
    return [_skip_read(*row) for row in service.list_skips(session, project_id, include_resolved=include_resolved)]


@router.post("/patients/{patient_id}/skip/resolve", response_model=SkipRead)
def resolve_skip(patient_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> SkipRead:
    """The lead returns a skipped patient to the queue (resolves its open skip)."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    row = service.open_skip_or_raise(session, patient.id)
    service.resolve_skip(session, row, user)
    session.commit()
    return _skip_read(row, patient.external_id, None)
