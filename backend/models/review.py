from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin, utcnow


class ReviewStatus(StrEnum):
    """Where a submitted case stands on its way to accepted ground truth (``backend/review/state.py``)."""

    second_read = "second_read"  # chosen for double reading: waiting for an independent second reader
    pending = "pending"  # every read is in: waiting for a reviewer
    returned = "returned"  # a reviewer sent it back to a reader with a comment
    accepted = "accepted"  # a reviewer accepted a mask: it is the patient's ground truth


class CaseReview(IdMixin, CreatedMixin, Base):
    """A case read in a project that reviews (or double reads) its masks, from the first read to its acceptance.

    One row per patient. The reads themselves are annotation versions with a ``read_number``; what the reviewer
    accepts becomes ``patients.accepted_annotation_id`` as everywhere else, so rounds and exports read only accepted
    masks without knowing about review.
    """

    __tablename__ = "case_reviews"
    __table_args__ = (
        # The review queue: a project's cases in one status, oldest first.
        Index("ix_case_reviews_project_id_status_updated_at", "project_id", "status", "updated_at"),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    double_read: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    first_reader_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    second_reader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Whom a returned case waits for, and the reviewer's last comment (also in the audit trail, with every other).
    returned_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Reviewers' active time on the case, every decision summed: recorded apart from the readers' time, never charged.
    review_time_s: Mapped[float] = mapped_column(Float, default=0.0, server_default=text("0"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    # Dice of the first read against the model's prediction (all labels' foreground): what the "disagreement" rule
    # of double reading ranks by; None without a prediction.
    model_dice: Mapped[float | None] = mapped_column(Float)


class AgreementKind(StrEnum):
    between_reads = "between_reads"  # the two independent reads of a double-read case
    read_vs_accepted = "read_vs_accepted"  # one read against the mask the reviewer accepted


class ReadAgreement(IdMixin, CreatedMixin, Base):
    """How far two masks of a case agree, per label: between its readers, and of each read with the accepted mask.
    Measured by the worker's review job (``worker/tasks/review_reads.py``, ``worker/ml/agreement.py``) when the
    second read arrives and when a mask is accepted."""

    __tablename__ = "read_agreements"
    __table_args__ = (Index("ix_read_agreements_project_id_kind", "project_id", "kind"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    label: Mapped[int]
    # The read measured (its author is the reader scored) and what it is compared with (the other read, or the
    # accepted mask).
    annotation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    reader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    other_annotation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    other_reader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    dice: Mapped[float] = mapped_column(Float)
    # In millimetres; None when either mask lacks the label (no surface to measure).
    hausdorff95_mm: Mapped[float | None] = mapped_column(Float)
    surface_dice: Mapped[float | None] = mapped_column(Float)
