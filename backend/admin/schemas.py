from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from backend.budget.schemas import Forecast, ReadingTimeSummary
from backend.core.types import Parsed, SafeText, Stored, StrictModel
from backend.models.project import Currency
from backend.models.user import Role
from backend.project.schemas import LabelDef, ProjectCounts
from backend.round.state import RoundStatus
from backend.simulation.schemas import SimulationRead, SimulationResult
from backend.strategy.schemas import Strategy
from backend.user.password_policy import MAX_LENGTH as PASSWORD_MAX_LENGTH
from backend.user.password_policy import MIN_LENGTH as PASSWORD_MIN_LENGTH


class UserAdminRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    role: Stored[Role]
    is_active: bool
    created_at: datetime


class UserCreate(StrictModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: SafeText = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
    role: Parsed[Role]


class UserUpdate(StrictModel):
    role: Parsed[Role] | None = None
    is_active: bool | None = None


class PasswordReset(StrictModel):
    password: SafeText = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)


class AuditEventRead(BaseModel):
    id: uuid.UUID
    created_at: datetime
    user: str | None
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    total: NonNegativeInt
    events: list[AuditEventRead]
    actions: list[str]


class UserBrief(BaseModel):
    id: uuid.UUID
    username: str
    role: Stored[Role]


class RoundTimeline(BaseModel):
    id: uuid.UUID
    number: PositiveInt
    status: Stored[RoundStatus]
    strategy: Stored[Strategy]
    batch_size: PositiveInt
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_s: float | None
    progress: dict[str, Any]
    val_dice: float | None
    val_dice_per_label: dict[str, float]
    n_train: NonNegativeInt | None
    n_selected: NonNegativeInt | None
    error: str | None


class EfficiencyPoint(BaseModel):
    round: PositiveInt
    patients_annotated: NonNegativeInt
    val_dice: float


class Histogram(BaseModel):
    round: PositiveInt
    edges: list[float]
    counts: list[NonNegativeInt]
    n: NonNegativeInt


class Throughput(BaseModel):
    username: str
    cases: NonNegativeInt
    timed_cases: NonNegativeInt
    hours: float
    cases_per_hour: float | None
    median_seconds: float | None
    # Quality (issue 17): mean Dice with the other reader of the cases read twice, and of the reader's reads with the
    # masks reviewers accepted (over cases and labels), the cases each rests on, and how many cases reviewers
    # returned to this reader. None where there is nothing to measure yet.
    agreement_with_readers: float | None = None
    cases_read_twice: NonNegativeInt = 0
    agreement_with_accepted: float | None = None
    cases_reviewed: NonNegativeInt = 0
    returned: NonNegativeInt = 0


class ReviewerLoad(BaseModel):
    """A reviewer's decisions in the project and the active time they took (issue 17): never charged."""

    username: str
    accepted: NonNegativeInt
    edited: NonNegativeInt  # accepted with the reviewer's own edits
    returned: NonNegativeInt
    hours: float


class Dashboard(BaseModel):
    project_id: uuid.UUID
    project_name: str
    labels: list[LabelDef]
    # The project's patients by state and its currency: the same counts and money the project pages show.
    counts: ProjectCounts
    currency: Stored[Currency]
    running: bool
    generated_at: datetime
    rounds: list[RoundTimeline]
    efficiency: list[EfficiencyPoint]
    uncertainty: list[Histogram]
    throughput: list[Throughput]
    reviewers: list[ReviewerLoad] = []
    # The latest simulated random-selection job (its progress while it runs) and the newest curve it produced.
    simulation: SimulationRead | None = None
    random_curve: SimulationResult | None = None
    # The model behind predicted reading times (None while no case is timed), and the learning-curve forecast.
    reading_time: ReadingTimeSummary | None = None
    forecast: Forecast | None = None
