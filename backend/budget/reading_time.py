"""Minutes a reader needs for a case, learned from the reading times the project has recorded.

Pure numpy: the API prices cases with it and a benchmark can import it. The model is a robust linear regression of
log minutes on what is known before anyone opens the case:

- ``log_slices``: log of the slices a reader pages through (the last axis of the primary volume);
- ``log_foreground``: log(1 + voxels the current model predicts as foreground): more structure, more outlining;
- ``uncertainty_rank``: the case's score ranked within the round that scored it (0 least, 1 most uncertain), so
  strategies whose scores live on different scales (entropy, BALD, ACFT...) mean the same thing.

Why logs and Huber: reading times are skewed and multiplicative (a case twice the slices takes about twice as long),
and a forgotten timer leaves hour-long outliers that a least-squares fit would chase. Huber IRLS down-weights them,
and the prediction exp(fit) is the conditional median, which is what minimises the absolute error in minutes.
A small ridge penalty keeps a fit on five cases from swinging; a feature that does not vary in the data (slices on
2D images, foreground before any round scored a case) is dropped rather than fitted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backend.round import ranking

# Fewer timed cases than this and no model is fitted (the price falls back to the median, or DEFAULT_MINUTES).
MIN_CASES = 5
# Minutes assumed per case before a project has recorded any reading time: a typical 3D segmentation read.
DEFAULT_MINUTES = 10.0
# Predictions stay within half the fastest and twice the slowest recorded case, and within this absolute range.
MIN_MINUTES, MAX_MINUTES = 0.1, 480.0
FEATURES = ("log_slices", "log_foreground", "uncertainty_rank")
HUBER_K = 1.345  # 95% efficiency at Gaussian noise
RIDGE = 1.0  # penalty on standardised coefficients: negligible at 100 cases, steadying at 5
FOLDS = 5
_SCALE_FLOOR = 0.05  # log-minutes: residuals below 5% are not worth down-weighting
_NEUTRAL_UNCERTAINTY = 0.5


def slice_count(shape: Sequence[int] | None) -> int:
    """Slices a reader pages through: the last axis of the volume; a 2D image, stored as (X, Y, 1), has one.

    A patient without an image volume has none (it cannot be annotated, so only the base cost could apply).
    """
    if not shape:
        return 0
    return int(shape[-1]) if len(shape) >= 3 else 1


@dataclass(frozen=True)
class CaseFeatures:
    """What is known of a case before it is read; None where no round has scored it yet."""

    slices: int
    foreground_voxels: float | None = None
    uncertainty: float | None = None  # rank within its round, in [0, 1]


@dataclass(frozen=True)
class ReadingTimeModel:
    features: tuple[str, ...]  # the features that varied in the data, in FEATURES order
    intercept: float
    coef: tuple[float, ...]  # per kept feature, on standardised features
    center: tuple[float, ...]
    scale: tuple[float, ...]
    foreground_fill: float  # log1p(foreground) assumed for a case no round has scored
    low: float
    high: float
    cases: int
    median_minutes: float
    mae_minutes: float | None  # held out, k-fold


def rank_position(rank: int, of: int) -> float:
    """A case's place in its round's ranking (``backend.round.ranking``: rank 1 is the most uncertain of ``of``) as
    the uncertainty feature: 1 for the most uncertain, 0 for the least, 0.5 for a round of one.

    From the stored rank, pricing a case reads its own score row only, not the round's (a million scores at a
    screening project's size: issue 16)."""
    return _NEUTRAL_UNCERTAINTY if of <= 1 else (of - rank) / (of - 1)


def rank_normalise(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """The uncertainty feature of each of a round's scores, for a round whose ranks are not stored yet: ranked as
    the worker will store them (ties in order, a failed NaN score last), then placed by :func:`rank_position`."""
    ranks = ranking.rank_scores(values)
    return np.array([rank_position(int(rank), ranks.size) for rank in ranks], dtype=np.float64)


def _raw(cases: Sequence[CaseFeatures], foreground_fill: float) -> np.ndarray:
    """The three candidate features of each case (columns in FEATURES order), missing ones filled in."""
    rows = np.empty((len(cases), len(FEATURES)), dtype=np.float64)
    for i, case in enumerate(cases):
        rows[i, 0] = math.log(max(case.slices, 1))
        fg = case.foreground_voxels
        rows[i, 1] = math.log1p(max(fg, 0.0)) if fg is not None and math.isfinite(fg) else foreground_fill
        u = case.uncertainty
        rows[i, 2] = min(max(u, 0.0), 1.0) if u is not None and math.isfinite(u) else _NEUTRAL_UNCERTAINTY
    return rows


def huber_irls(
    x: np.ndarray, y: np.ndarray, *, ridge: float = RIDGE, k: float = HUBER_K, iterations: int = 100
) -> np.ndarray:
    """Huber M-estimate of ``y ~ [1, x]`` by iteratively reweighted (ridge) least squares; returns [b0, b...].

    The residual scale is re-estimated each step from the median absolute deviation, so the cut-off between
    "noise" and "outlier" follows the data. The intercept is not penalised.
    """
    n, p = x.shape
    design = np.hstack([np.ones((n, 1)), x])
    penalty = np.eye(p + 1) * ridge
    penalty[0, 0] = 0.0
    weights = np.ones(n)
    beta = np.zeros(p + 1)
    for _ in range(iterations):
        weighted = design * weights[:, None]
        new = np.linalg.solve(design.T @ weighted + penalty, weighted.T @ y)
        residual = y - design @ new
        scale = max(float(np.median(np.abs(residual - np.median(residual)))) / 0.6745, _SCALE_FLOOR)
        cut = k * scale
        magnitude = np.abs(residual)
        weights = np.where(magnitude <= cut, 1.0, cut / np.maximum(magnitude, 1e-12))
        if np.max(np.abs(new - beta)) < 1e-9:
            beta = new
            break
        beta = new
    return beta


def _fit_core(cases: Sequence[CaseFeatures], minutes: np.ndarray) -> ReadingTimeModel:
    observed_fg = [math.log1p(max(c.foreground_voxels, 0.0)) for c in cases if c.foreground_voxels is not None]
    fill = float(np.median(observed_fg)) if observed_fg else 0.0
    raw = _raw(cases, fill)
    varying = [j for j in range(len(FEATURES)) if float(np.ptp(raw[:, j])) > 1e-9]
    x = raw[:, varying]
    center = x.mean(axis=0) if varying else np.zeros(0)
    scale = x.std(axis=0) if varying else np.zeros(0)
    beta = huber_irls((x - center) / scale if varying else x, np.log(minutes))
    return ReadingTimeModel(
        features=tuple(FEATURES[j] for j in varying),
        intercept=float(beta[0]),
        coef=tuple(float(b) for b in beta[1:]),
        center=tuple(float(c) for c in center),
        scale=tuple(float(s) for s in scale),
        foreground_fill=fill,
        low=max(MIN_MINUTES, float(minutes.min()) / 2),
        high=min(MAX_MINUTES, float(minutes.max()) * 2),
        cases=len(cases),
        median_minutes=float(np.median(minutes)),
        mae_minutes=None,
    )


def predict(model: ReadingTimeModel, cases: Sequence[CaseFeatures]) -> np.ndarray:
    """Predicted minutes per case, clipped to the model's range and rounded to 0.01 (prices use these figures)."""
    if not cases:
        return np.zeros(0)
    raw = _raw(cases, model.foreground_fill)
    columns = [FEATURES.index(name) for name in model.features]
    z = (raw[:, columns] - np.asarray(model.center)) / np.asarray(model.scale) if columns else raw[:, []]
    log_minutes = model.intercept + z @ np.asarray(model.coef)
    minutes: np.ndarray = np.round(np.clip(np.exp(log_minutes), model.low, model.high), 2)
    return minutes


def cross_validated_mae(
    cases: Sequence[CaseFeatures], minutes: Sequence[float] | np.ndarray, *, folds: int = FOLDS, seed: int = 0
) -> float:
    """Mean absolute error in minutes of predictions for cases held out of the fit (k-fold, seeded split)."""
    target = np.asarray(minutes, dtype=np.float64)
    n = len(cases)
    k = max(2, min(folds, n))
    order = np.random.default_rng(seed).permutation(n)
    errors = np.empty(n)
    for fold in range(k):
        held = order[fold::k]
        kept = np.setdiff1d(order, held)
        model = _fit_core([cases[i] for i in kept], target[kept])
        errors[held] = np.abs(predict(model, [cases[i] for i in held]) - target[held])
    return float(errors.mean())


def fit(
    cases: Sequence[CaseFeatures], minutes: Sequence[float] | np.ndarray, *, folds: int = FOLDS, seed: int = 0
) -> ReadingTimeModel | None:
    """The reading-time model of these timed cases with its held-out MAE, or None below MIN_CASES cases."""
    target = np.asarray(minutes, dtype=np.float64)
    if len(cases) != target.size:
        raise ValueError("one reading time per case")
    usable = np.isfinite(target) & (target > 0)
    cases = [case for case, keep in zip(cases, usable, strict=True) if keep]
    target = target[usable]
    if len(cases) < MIN_CASES:
        return None
    model = _fit_core(cases, target)
    mae = cross_validated_mae(cases, target, folds=folds, seed=seed)
    return ReadingTimeModel(**{**model.__dict__, "mae_minutes": round(mae, 3)})
