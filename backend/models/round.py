from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class Round(IdMixin, CreatedMixin, Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="created")
    strategy: Mapped[str] = mapped_column(String(32))
    batch_size: Mapped[int]
    seed: Mapped[int] = mapped_column(default=0)
    model_version_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("model_versions.id", use_alter=True))
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Score(IdMixin, Base):
    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("round_id", "patient_id"),
        # The scores page in rank order, and the queue: a round's selection in rank order, read without touching
        # the (tens of thousands of) unselected rows.
        Index("ix_scores_round_id_rank", "round_id", "rank"),
        Index(
            "ix_scores_selected_round_id_rank",
            "round_id",
            "rank",
            postgresql_where=text("selected"),
            sqlite_where=text("selected"),
        ),
    )

    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    components: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    rank: Mapped[int]
    selected: Mapped[bool] = mapped_column(default=False)
    cost_cents: Mapped[int] = mapped_column(default=0)


class Prediction(IdMixin, CreatedMixin, Base):
    """The model's mask and voxel uncertainty for one patient, stamped with the model that made them."""

    __tablename__ = "predictions"
    __table_args__ = (UniqueConstraint("round_id", "patient_id"),)

    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    model_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("model_versions.id"))
    mask_key: Mapped[str] = mapped_column(String(512))
    uncertainty_key: Mapped[str | None] = mapped_column(String(512))
    # Content hashes, served as ETags so a viewer re-opening a case downloads nothing twice.
    mask_sha256: Mapped[str | None] = mapped_column(String(64))
    uncertainty_sha256: Mapped[str | None] = mapped_column(String(64))
