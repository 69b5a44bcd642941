from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, PositiveInt

from backend.core.types import Stored
from backend.models.project import Currency


class AnnotationSource(StrEnum):
    """Where an annotation version came from (the ``annotations.source`` column)."""

    human = "human"  # submitted from the workstation, charged to the budget
    imported = "import"  # imported ground truth (its member name dodges the keyword)
    correction = "correction"  # a lead's audited correction of the accepted version, never charged


class AnnotationRead(BaseModel):
    id: uuid.UUID
    version: PositiveInt
    author: str | None
    source: Stored[AnnotationSource]
    created_at: datetime
    time_spent_s: float | None
    sha256: str


class AnnotationCreated(BaseModel):
    id: uuid.UUID
    version: PositiveInt
    sha256: str
    budget_remaining: float
    # The project's currency (ISO 4217), so the remaining budget can be shown with it.
    currency: Stored[Currency]


class ProjectAnnotationRead(AnnotationRead):
    patient_id: uuid.UUID
    external_id: str
