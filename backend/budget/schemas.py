"""The dashboard's budget intelligence: the reading-time model behind the prices, and the learning-curve forecast."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, NonNegativeInt

Recommendation = Literal["continue", "stop", "insufficient_data"]


class ReadingTimeSummary(BaseModel):
    """The reading-time model pricing the project's cases now (fitted on the cases timed before its latest round)."""

    cases: NonNegativeInt  # timed cases it rests on
    mae_minutes: float | None  # held-out (k-fold) mean absolute error; None below 5 timed cases (no model yet)
    median_minutes: float
    features: list[str]  # what the fit uses: log_slices, log_foreground, uncertainty_rank (those that vary)


class ForecastInterval(BaseModel):
    mean: float
    low: float  # 95% bootstrap band
    high: float


class ForecastPoint(BaseModel):
    patients: float
    dice: float
    low: float
    high: float


class ForecastBaseline(BaseModel):
    """The same forecast from the simulated random-selection curve."""

    curve: list[ForecastPoint]
    expected_dice_if_spent: ForecastInterval


class Forecast(BaseModel):
    """Validation Dice against annotated patients, fitted as an inverse power law, and what the budget buys.

    With fewer than 3 rounds at distinct patient counts the recommendation is "insufficient_data", the curve is
    empty, and the Dice figures repeat the latest measured validation Dice (0 without any) with no gain: show
    ``reason`` instead.
    """

    basis: Literal["rounds"]
    points: NonNegativeInt
    curve: list[ForecastPoint]
    patients_now: NonNegativeInt
    spent_now: float
    remaining_budget: float
    mean_cost_per_patient: float
    patients_if_spent: float
    expected_dice_if_spent: ForecastInterval
    target_dice: float | None
    budget_to_target: ForecastInterval | None
    target_unreachable: bool
    gain_per_100: float
    stop_gain_per_100: float | None
    recommendation: Recommendation
    reason: str
    random_baseline: ForecastBaseline | None
