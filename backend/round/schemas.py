from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt, PositiveInt

from backend.core.types import Parsed, Stored, StrictModel
from backend.jobs.status import JobStatus
from backend.round.state import RoundStatus
from backend.strategy.reason import SelectionReason
from backend.strategy.schemas import Strategy


class RoundCreate(StrictModel):
    strategy: Parsed[Strategy] | None = None
    batch_size: int | None = Field(default=None, ge=1, le=10_000)
    # Training epochs for this round's job (stored on the job row with the rest of its config).
    epochs: int | None = Field(default=None, ge=1, le=1000)


class JobRead(BaseModel):
    """The round's current job: where it runs, how often it was tried, its last heartbeat."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: Stored[JobStatus]
    attempts: NonNegativeInt
    max_attempts: NonNegativeInt
    worker: str | None
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    error: str | None


class RoundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    number: PositiveInt
    status: Stored[RoundStatus]
    strategy: Stored[Strategy]
    batch_size: PositiveInt
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress: dict[str, Any] = {}
    metrics: dict[str, Any]
    error: str | None
    # The segmenter this round trained (its lineage leads back to the Genesis backbone of the first round).
    model_version_id: uuid.UUID | None = None
    job: JobRead | None = None


class ScoreRead(BaseModel):
    patient_id: uuid.UUID
    external_id: str
    rank: PositiveInt
    score: float
    components: dict[str, float]
    # Why the round scored the case so, in words, with the components as labelled figures.
    reason: SelectionReason
    selected: bool
    # What annotating the patient costs now (the project's formula: flat, by volume size or by reading time).
    cost: NonNegativeFloat
    # Minutes the project's reading-time model expects the case to take (None until it has 5 timed cases).
    predicted_minutes: float | None


class RoundApprove(StrictModel):
    """The selection to publish; omitted (null) keeps the round's proposed selection."""

    patient_ids: list[Parsed[uuid.UUID]] | None = Field(default=None, max_length=10_000)
