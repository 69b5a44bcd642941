from __future__ import annotations

import uuid

from pydantic import BaseModel, Field, field_validator

from backend.round.schemas import RoundRead


class LabelDef(BaseModel):
    value: int = Field(ge=1, le=255)
    name: str = Field(min_length=1, max_length=64)
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class ProjectCounts(BaseModel):
    patients: int
    annotated: int
    unlabeled: int
    validation: int
    queued: int


class ProjectRead(BaseModel):
    id: uuid.UUID
    name: str
    modality: str
    labels: list[LabelDef]
    cost_per_patient: float
    budget_total: float
    budget_spent: float
    budget_remaining: float
    strategy: str
    batch_size: int
    counts: ProjectCounts
    active_round: RoundRead | None


class BudgetUpdate(BaseModel):
    cost_per_patient: float | None = Field(default=None, ge=0, le=1e9)
    budget_total: float | None = Field(default=None, ge=0, le=1e12)

    @field_validator("cost_per_patient", "budget_total")
    @classmethod
    def at_most_cents(cls, value: float | None) -> float | None:
        if value is not None and abs(round(value * 100) - value * 100) > 1e-6:
            raise ValueError("amounts have at most two decimals")
        return value


class SettingsUpdate(BaseModel):
    strategy: str | None = None
    batch_size: int | None = Field(default=None, ge=1, le=10_000)


def to_cents(amount: float) -> int:
    return round(amount * 100)


def from_cents(cents: int) -> float:
    return cents / 100
