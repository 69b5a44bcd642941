"""Append-only audit trail: services record who did what; nothing in the app updates or deletes events."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from backend.models import AuditEvent


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
        )
    )
