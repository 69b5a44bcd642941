"""Append-only audit trail: services record who did what; nothing in the app updates or deletes events.

On Postgres a trigger (migration 0004) refuses UPDATE, DELETE and TRUNCATE of ``audit_events`` unless the
transaction called :func:`allow_purge` first; only deliberate maintenance (and the test harness) does that.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from backend.models import AuditEvent, Patient, User


def record(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            user_id=user_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            details=details or {},
            project_id=_project_of(session, target_type, target_id),
        )
    )


def _project_of(session: Session, target_type: str, target_id: uuid.UUID | str | None) -> uuid.UUID | None:
    """The project an event belongs to, for the audit page's project filter: the project, or a patient's project
    (the patient is usually in the session already: the route that records the event loaded it)."""
    if target_id is None or target_type not in ("project", "patient"):
        return None
    try:
        found = target_id if isinstance(target_id, uuid.UUID) else uuid.UUID(str(target_id))
    except ValueError:
        return None
    if target_type == "project":
        return found
    patient = session.get(Patient, found)
    return patient.project_id if patient is not None else None


def record_read(
    session: Session,
    *,
    user_id: uuid.UUID,
    action: str,
    patient_id: uuid.UUID,
    status: int,
    details: dict[str, Any],
) -> None:
    """Record that ``user_id`` received a patient's data (image, mask, prediction...) and commit it: one INSERT.

    Reads are audited for privacy (who saw which patient when), so a 304 counts too: the viewer already held the
    data and showed it again. Details name versions and hashes, never the patient's external id.
    """
    record(
        session,
        user_id=user_id,
        action=action,
        target_type="patient",
        target_id=patient_id,
        details={**details, "status": status},
    )
    session.commit()


def allow_purge(session: Session) -> None:
    """Lift the Postgres append-only guard for the rest of this transaction (maintenance only, never the API)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL radloop.audit_purge = 'on'"))


def _filtered(
    session: Session,
    query: Any,
    *,
    user_id: uuid.UUID | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    project_id: uuid.UUID | None,
) -> Any:
    if user_id is not None:
        query = query.where(AuditEvent.user_id == user_id)
    if action:
        # "project.budget" matches project.budget.update; an exact action matches itself.
        query = query.where(or_(AuditEvent.action == action, AuditEvent.action.like(f"{action}.%")))
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if until is not None:
        query = query.where(AuditEvent.created_at < until)
    if project_id is not None:
        query = query.where(AuditEvent.project_id == project_id)
    return query


def search(
    session: Session,
    *,
    user_id: uuid.UUID | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    project_id: uuid.UUID | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[int, list[tuple[AuditEvent, str | None]]]:
    """Events matching every given filter, newest first, with the acting user's name; and the total count."""
    filters: dict[str, Any] = {
        "user_id": user_id,
        "action": action,
        "since": since,
        "until": until,
        "project_id": project_id,
    }
    total = session.scalar(_filtered(session, select(func.count()).select_from(AuditEvent), **filters)) or 0
    query = _filtered(
        session, select(AuditEvent, User.username).outerjoin(User, User.id == AuditEvent.user_id), **filters
    ).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return total, [(event, username) for event, username in rows]


def actions(session: Session) -> list[str]:
    """The actions ever recorded, in order, by a skip scan of the action index: one probe per distinct action (a few
    dozen), where ``SELECT DISTINCT`` read every event (740,000 at a million patients) on each audit page."""
    seen = select(func.min(AuditEvent.action).label("action")).cte("seen", recursive=True)
    following = select(func.min(AuditEvent.action)).where(AuditEvent.action > seen.c.action).scalar_subquery()
    seen = seen.union_all(select(following).where(seen.c.action.is_not(None)))
    return list(session.scalars(select(seen.c.action).where(seen.c.action.is_not(None)).order_by(seen.c.action)))
