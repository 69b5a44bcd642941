from __future__ import annotations

import uuid

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class Annotation(IdMixin, CreatedMixin, Base):
    """Append-only history: every accepted mask is a new version, nothing is overwritten."""

    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("patient_id", "version"),
        Index("ix_annotations_created_at_id", "created_at", "id"),  # the project's annotations, newest first
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    volume_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"))
    # Indexed: a reader's quota counts their own annotations on every queue read.
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[int]
    # "human" (a reader's) | "import" | "correction" (a lead's, audited) | "review" (a reviewer's edit of the reads)
    # | "consensus" (combined from the reads, proposed to the reviewer)
    source: Mapped[str] = mapped_column(String(16))
    storage_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    time_spent_s: Mapped[float | None]
    source_model_version_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("model_versions.id"))
    # In a reviewed project: which independent read of the case a reader's version belongs to (1, or 2 for the
    # second reader of a double-read case); None for every other source.
    read_number: Mapped[int | None]
    # A reviewed or consensus mask's provenance: the ids of the read versions it was made from.
    derived_from: Mapped[list[str] | None] = mapped_column(JSON)
