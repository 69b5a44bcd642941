from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, NonNegativeFloat, PositiveInt

from backend.core.types import Stored
from backend.models.project import Currency
from backend.strategy.reason import SelectionReason
from backend.strategy.schemas import Strategy


class QueueItem(BaseModel):
    patient_id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    project_name: str
    round_id: uuid.UUID
    round_number: PositiveInt
    rank: PositiveInt
    score: float
    components: dict[str, float]
    # Why the round chose the case, in words, with the components as labelled figures.
    reason: SelectionReason
    cost: NonNegativeFloat
    currency: Stored[Currency]
    # Minutes the project's reading-time model expects this case to take (None until it has 5 timed cases).
    predicted_minutes: float | None
    strategy: Stored[Strategy]
    reserved_by_me: bool = False
    reserved_until: datetime | None = None
    # A double-read case waiting for an independent second read (issue 17): read it without the first read, which
    # is never shown. Listed before the round's suggestions.
    second_read: bool = False
