from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class LedgerEntry(IdMixin, CreatedMixin, Base):
    """One debit (negative) or credit (positive) of a project's budget, with who and why."""

    __tablename__ = "budget_ledger"
    __table_args__ = (Index("ix_budget_ledger_project_id_created_at", "project_id", "created_at"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))  # "annotation" | "budget_change"
    reason: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    patient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("patients.id"))
    annotation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("annotations.id"))
