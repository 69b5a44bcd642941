from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, NonNegativeFloat, PositiveInt

from backend.annotation.schemas import AnnotationRead
from backend.core.types import Parsed, SafeMultiline, Stored, StrictModel
from backend.models.review import AgreementKind, ReviewStatus


class ReadSummary(BaseModel):
    """The latest version of one reader's read of the case (its voxels: ``GET /api/annotations/{id}/mask``)."""

    annotation_id: uuid.UUID
    version: PositiveInt
    read_number: PositiveInt
    author: str | None
    # The reader (for ``reader_id`` when returning a double-read case to its second reader).
    author_id: uuid.UUID | None = None
    created_at: datetime
    time_spent_s: float | None


class ReviewItem(BaseModel):
    """A case in a review queue."""

    patient_id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    project_name: str
    status: Stored[ReviewStatus]
    double_read: bool
    reads: list[ReadSummary]
    # When the case last changed state (submitted, returned, resubmitted, decided): the queue's order.
    updated_at: datetime
    # The last reviewer's comment and name, whom a returned case waits for, the reviewers' summed active time.
    comment: str | None
    reviewer: str | None
    returned_to: str | None
    review_time_s: NonNegativeFloat


class DecisionAction(StrEnum):
    accept = "accept"
    return_ = "return"


class ReviewDecision(BaseModel):
    """One reviewer decision, from the audit trail."""

    action: DecisionAction
    reviewer: str | None
    at: datetime
    comment: str | None
    # For "return": the reader it went back to; for "accept": the accepted version and whether the reviewer edited it.
    to: str | None = None
    version: PositiveInt | None = None
    edited: bool | None = None
    review_time_s: float | None = None


class ConsensusRead(BaseModel):
    """The consensus of the case's latest reads, the reviewer's proposed starting point (its voxels:
    ``GET /api/annotations/{annotation_id}/mask``); accept it by its ``annotation_id`` like a read."""

    annotation_id: uuid.UUID
    version: PositiveInt
    created_at: datetime


class AgreementRead(BaseModel):
    """How one read agrees with the other read, or with the accepted mask, on one label."""

    kind: Stored[AgreementKind]
    label: int
    reader: str | None
    read_version: PositiveInt
    # The other reader for ``between_reads``; the accepted mask's author for ``read_vs_accepted``.
    other: str | None
    other_version: PositiveInt
    dice: float
    hausdorff95_mm: float | None
    surface_dice: float | None


class ReviewDetail(ReviewItem):
    """Everything a reviewer compares: the reads, the consensus proposed for a double-read case, how the reads
    agree, every version of the case, the decisions so far."""

    history: list[AnnotationRead]
    decisions: list[ReviewDecision]
    has_prediction: bool
    consensus: ConsensusRead | None = None
    agreement: list[AgreementRead] = []


class ReturnRequest(StrictModel):
    comment: SafeMultiline = Field(min_length=1, max_length=2000, description="What the reader should change")
    # One of the case's readers; the first reader when omitted.
    reader_id: Parsed[uuid.UUID] | None = None
    review_time_s: float | None = Field(default=None, ge=0, le=86_400, description="The reviewer's active seconds")


class ReviewAccepted(BaseModel):
    annotation_id: uuid.UUID
    version: PositiveInt
    edited: bool


class ReturnedCase(BaseModel):
    """A case a reviewer sent back to the caller: open it to see their read and fix it."""

    patient_id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    project_name: str
    comment: str | None
    reviewer: str | None
    returned_at: datetime
