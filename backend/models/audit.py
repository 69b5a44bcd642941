from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class AuditEvent(IdMixin, CreatedMixin, Base):
    __tablename__ = "audit_events"
    # The audit page filters and pages by time.
    __table_args__ = (
        Index("ix_audit_events_created_at", "created_at"),
        # A project's trail, newest first, however many patients and events it has.
        Index("ix_audit_events_project_id_created_at", "project_id", "created_at"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The project of the target (the project itself or one of its patients), recorded with the event so the audit
    # page filters by project with an index instead of a list of the project's patient ids. No foreign key: the
    # trail outlives a deleted project, and audit rows are never updated.
    project_id: Mapped[uuid.UUID | None]
