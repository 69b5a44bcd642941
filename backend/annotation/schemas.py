from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class AnnotationRead(BaseModel):
    id: uuid.UUID
    version: int
    author: str | None
    source: str
    created_at: datetime
    time_spent_s: float | None
    sha256: str


class AnnotationCreated(BaseModel):
    id: uuid.UUID
    version: int
    sha256: str
    budget_remaining: float


class ProjectAnnotationRead(AnnotationRead):
    patient_id: uuid.UUID
    external_id: str
