from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, NonNegativeInt, PositiveInt

from backend.core.types import Stored, StrictModel
from backend.jobs.status import JobStatus


class SimulationCreate(StrictModel):
    # Each seed draws its own random patients and weight init: more seeds give a tighter mean, cost linearly. Five
    # by default: from scratch, a few patients train unstably and one collapsed seed of two halves the mean.
    seeds: int = Field(default=5, ge=1, le=10)


class ReplayStart(StrEnum):
    """Where a replayed round's training started, as the real round's did."""

    genesis = "genesis"  # the Models Genesis backbone the real round recorded
    previous = "previous"  # this seed's model of the previous replayed round (continual fine-tuning)
    scratch = "scratch"  # random weights


class Provenance(StrEnum):
    recorded = "recorded"  # what the real round recorded
    approximated = "approximated"  # rounds trained before it was recorded: drawn at random / today's patients


class RandomCurvePoint(BaseModel):
    """Validation Dice of the replay of one round with ``n_labeled`` patients, random picks instead of the round's
    selections, one per seed (seed 0 uses the round's own seed)."""

    n_labeled: NonNegativeInt
    dice_mean: float | None
    dice_sd: float | None
    dice: list[float | None]
    round_number: PositiveInt | None = None
    start: ReplayStart | None = None


class SimulationResult(BaseModel):
    points: list[RandomCurvePoint]
    seeds: PositiveInt
    ground_truth: NonNegativeInt
    # Sizes of the real curve larger than the ground truth available when the job ran (no point for them).
    skipped: list[int] = []
    # The first point trains on the project's real initial patients when the first round recorded them.
    initial_patients: Provenance | None = None
    validation_patients: Provenance | None = None


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
