"""Workstation state of a radiologist: autosaved drafts and skipped cases waiting for the lead."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin, utcnow


class Draft(IdMixin, CreatedMixin, Base):
    """The unsaved drawing of one user on one patient (gzipped NIfTI in the store); cleared on submit."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("patient_id", "user_id"),)

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    time_spent_s: Mapped[float | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Skip(IdMixin, CreatedMixin, Base):
    """A radiologist set a case aside with a reason; the patient leaves the queue until the lead resolves it."""

    __tablename__ = "skips"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    round_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
