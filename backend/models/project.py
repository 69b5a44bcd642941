from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class Project(IdMixin, CreatedMixin, Base):
    """A labelling project. Money is kept in integer cents so budget arithmetic is exact."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("budget_spent_cents >= 0", name="spent_non_negative"),
        CheckConstraint("budget_spent_cents <= budget_total_cents", name="spent_within_total"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    modality: Mapped[str] = mapped_column(String(16))
    labels: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    cost_per_patient_cents: Mapped[int] = mapped_column(BigInteger, default=100)
    budget_total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_spent_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    strategy: Mapped[str] = mapped_column(String(32), default="entropy")
    batch_size: Mapped[int] = mapped_column(default=2)


class ProjectMember(IdMixin, CreatedMixin, Base):
    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quota: Mapped[int | None]  # most patients this reader may annotate in the project; None: no limit
