from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from backend.core.types import Parsed, SafeMultiline, Stored, StrictModel
from backend.reservation.service import SkipReason


class ReservationRead(BaseModel):
    patient_id: uuid.UUID
    username: str
    expires_at: datetime


class SkipCreate(StrictModel):
    reason: Parsed[SkipReason]
    note: SafeMultiline = Field(default="", max_length=2000)


class SkipRead(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    external_id: str
    reason: Stored[SkipReason]
    note: str
    skipped_by: str | None
    round_id: uuid.UUID | None
    created_at: datetime
    resolved_at: datetime | None
