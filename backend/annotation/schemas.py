from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, PositiveInt

from backend.core.types import Stored
from backend.models import Annotation
from backend.models.project import Currency
from backend.models.review import ReviewStatus


class AnnotationSource(StrEnum):
    """Where an annotation version came from (the ``annotations.source`` column)."""

    human = "human"  # submitted from the workstation, charged to the budget
    imported = "import"  # imported ground truth (its member name dodges the keyword)
    correction = "correction"  # a lead's audited correction of the accepted version, never charged
    review = "review"  # a reviewer's edit of the case's reads, accepted with the review (never charged)
    consensus = "consensus"  # combined from a double-read case's reads and proposed to its reviewer


class AnnotationRead(BaseModel):
    id: uuid.UUID
    version: PositiveInt
    author: str | None
    source: Stored[AnnotationSource]
    created_at: datetime
    time_spent_s: float | None
    sha256: str
    # Which independent read of a reviewed case this version belongs to (1, or 2 for a second reader); null otherwise.
    read_number: PositiveInt | None = None

    @classmethod
    def of(cls, annotation: Annotation, author: str | None) -> AnnotationRead:
        return cls(
            id=annotation.id,
            version=annotation.version,
            author=author,
            source=annotation.source,
            created_at=annotation.created_at,
            time_spent_s=annotation.time_spent_s,
            sha256=annotation.sha256,
            read_number=annotation.read_number,
        )


class AnnotationCreated(BaseModel):
    id: uuid.UUID
    version: PositiveInt
    sha256: str
    budget_remaining: float
    # The project's currency (ISO 4217), so the remaining budget can be shown with it.
    currency: Stored[Currency]
    # Where a read of a reviewed project now stands (pending, second_read...); null when the mask was accepted at once.
    review_status: Stored[ReviewStatus] | None = None


class ProjectAnnotationRead(AnnotationRead):
    patient_id: uuid.UUID
    external_id: str
