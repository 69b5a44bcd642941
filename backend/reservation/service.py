"""Reservations: one radiologist per case at a time, expiring so an abandoned case returns to the queue.

Opening a case reserves it for RESERVATION_TTL; the open viewer (and every draft autosave) renews it. Taking an
expired reservation over and renewing one's own are one compare-and-set UPDATE, so two radiologists opening the
same case at once cannot both win. Skips set a case aside for the lead with a reason.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import Conflict, NotFound
from backend.db.base import utcnow
from backend.models import Patient, Reservation, Skip, User
from backend.round import service as round_service

RESERVATION_TTL = timedelta(minutes=30)


class SkipReason(StrEnum):
    poor_quality = "poor_quality"
    out_of_scope = "out_of_scope"
    other = "other"


def holder(session: Session, patient_id: uuid.UUID, *, now: datetime | None = None) -> tuple[Reservation, str] | None:
    """The live reservation of a patient and its holder's username, or None when free or expired."""
    now = now or utcnow()
    row = session.execute(
        select(Reservation, User.username)
        .join(User, User.id == Reservation.user_id)
        .where(Reservation.patient_id == patient_id, Reservation.expires_at > now)
    ).first()
    return (row[0], row[1]) if row else None


def _conflict(patient: Patient, username: str, expires_at: datetime) -> Conflict:
    return Conflict(
        f"Patient {patient.external_id} is reserved by {username} until {expires_at:%H:%M} UTC; "
        "pick another case from the queue."
    )


def check_free_for(session: Session, patient: Patient, user: User) -> None:
    """Raises 409 when someone else holds a live reservation on the patient."""
    found = holder(session, patient.id)
    if found and found[0].user_id != user.id:
        raise _conflict(patient, found[1], found[0].expires_at)


def reserve(session: Session, patient: Patient, user: User) -> Reservation:
    """Reserve (or renew) the patient for ``user``; 409 when another radiologist holds it."""
    now = utcnow()
    expires = now + RESERVATION_TTL
    taken = session.execute(
        update(Reservation)
        .where(
            Reservation.patient_id == patient.id,
            or_(Reservation.user_id == user.id, Reservation.expires_at <= now),
        )
        .values(user_id=user.id, expires_at=expires)
    ).rowcount  # type: ignore[attr-defined]
    if not taken:
        try:
            with session.begin_nested():
                session.add(Reservation(id=uuid.uuid4(), patient_id=patient.id, user_id=user.id, expires_at=expires))
        except IntegrityError:
            taken = 0
        else:
            taken = 1
    if not taken:
        found = holder(session, patient.id)
        if found is None:  # released between our two statements: try once more
            return reserve(session, patient, user)
        raise _conflict(patient, found[1], found[0].expires_at)
    session.expire_all()
    reservation = session.scalar(select(Reservation).where(Reservation.patient_id == patient.id))
    assert reservation is not None
    return reservation


def release(session: Session, patient_id: uuid.UUID, user: User) -> bool:
    """Drop the caller's reservation (a no-op when they hold none)."""
    result = session.execute(
        delete(Reservation).where(Reservation.patient_id == patient_id, Reservation.user_id == user.id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def reserved_by_others(session: Session, patient_ids: list[uuid.UUID], user: User) -> dict[uuid.UUID, datetime]:
    if not patient_ids:
        return {}
    rows = session.execute(
        select(Reservation.patient_id, Reservation.expires_at).where(
            Reservation.patient_id.in_(patient_ids), Reservation.user_id != user.id, Reservation.expires_at > utcnow()
        )
    )
    return {row[0]: row[1] for row in rows.all()}


def mine(session: Session, patient_ids: list[uuid.UUID], user: User) -> dict[uuid.UUID, datetime]:
    if not patient_ids:
        return {}
    rows = session.execute(
        select(Reservation.patient_id, Reservation.expires_at).where(
            Reservation.patient_id.in_(patient_ids), Reservation.user_id == user.id, Reservation.expires_at > utcnow()
        )
    )
    return {row[0]: row[1] for row in rows.all()}


def open_skips(session: Session, patient_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not patient_ids:
        return set()
    rows = session.scalars(select(Skip.patient_id).where(Skip.patient_id.in_(patient_ids), Skip.resolved_at.is_(None)))
    return set(rows)


def skip(session: Session, patient: Patient, user: User, *, reason: SkipReason, note: str) -> Skip:
    """Set the case aside: it leaves the queue and is listed for the lead until resolved."""
    check_free_for(session, patient, user)
    if patient.id in open_skips(session, [patient.id]):
        raise Conflict(f"Patient {patient.external_id} is already set aside for the lead")
    current = round_service.open_round(session, patient.project_id)
    row = Skip(
        id=uuid.uuid4(),
        patient_id=patient.id,
        user_id=user.id,
        round_id=current.id if current else None,
        reason=str(reason),
        note=note,
    )
    session.add(row)
    release(session, patient.id, user)
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="patient.skip",
        target_type="patient",
        target_id=patient.id,
        details={"reason": str(reason), "note": note},
    )
    return row


def list_skips(
    session: Session, project_id: uuid.UUID, *, include_resolved: bool
) -> list[tuple[Skip, str, str | None]]:
    query = (
        select(Skip, Patient.external_id, User.username)
        .join(Patient, Patient.id == Skip.patient_id)
        .outerjoin(User, User.id == Skip.user_id)
        .where(Patient.project_id == project_id)
        .order_by(Skip.created_at.desc())
    )
    if not include_resolved:
        query = query.where(Skip.resolved_at.is_(None))
    return [(s, ext, name) for s, ext, name in session.execute(query)]


def open_skip_or_raise(session: Session, patient_id: uuid.UUID) -> Skip:
    found = session.scalar(select(Skip).where(Skip.patient_id == patient_id, Skip.resolved_at.is_(None)))
    if found is None:
        raise NotFound("This patient has no open skip to resolve")
    return found


def resolve_skip(session: Session, row: Skip, user: User) -> Skip:
    """The lead returns the patient to the queue."""
    if row.resolved_at is not None:
        raise Conflict("This skip is already resolved")
    row.resolved_at = utcnow()
    row.resolved_by_id = user.id
    session.flush()
    audit.record(session, user_id=user.id, action="patient.unskip", target_type="patient", target_id=row.patient_id)
    return row
