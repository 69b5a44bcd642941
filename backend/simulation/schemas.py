from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, NonNegativeInt, PositiveInt

from backend.core.types import Stored, StrictModel
from backend.jobs.status import JobStatus


class SimulationCreate(StrictModel):
    # Each seed draws its own random patients and weight init: more seeds give a tighter mean, cost linearly.
    seeds: int = Field(default=2, ge=1, le=10)


class RandomCurvePoint(BaseModel):
    """Validation Dice of models trained on ``n_labeled`` randomly chosen ground-truth patients, one per seed."""

    n_labeled: NonNegativeInt
    dice_mean: float | None
    dice_sd: float | None
    dice: list[float | None]


class SimulationResult(BaseModel):
    points: list[RandomCurvePoint]
    seeds: PositiveInt
    ground_truth: NonNegativeInt
    # Sizes of the real curve larger than the ground truth available when the job ran (no point for them).
    skipped: list[int] = []


class SimulationRead(BaseModel):
    """The latest random-baseline job of a project: where it stands and what it found so far."""

    id: uuid.UUID
    status: Stored[JobStatus]
    progress: dict[str, Any]
    seeds: PositiveInt
    sizes: list[NonNegativeInt]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    # Filled point by point while the job runs, so the curve grows on the dashboard.
    result: SimulationResult | None
