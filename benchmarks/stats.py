"""Statistics shared by the benchmarks: paired bootstrap intervals and interpolated crossings of a curve.

A benchmark claim ("strategy X beats random") is a claim only when the 95% interval of the paired difference
excludes zero. The pairs are seeds: a strategy's run and random's run of the same seed share the split, the
initial patients and the first model, so their difference removes the seed-to-seed spread. With few seeds a
percentile bootstrap of the mean is coarse (five seeds give at most 126 distinct resample means), which is why
the interval is reported next to the number of pairs and never replaced by a bare mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["Interval", "bootstrap_mean", "crossing"]


@dataclass(frozen=True)
class Interval:
    """Mean of the paired values with a percentile-bootstrap confidence interval.

    ``significant`` is true when the interval excludes zero (both ends on the same side of it, neither on it).
    """

    mean: float
    low: float
    high: float
    n: int
    confidence: float
    significant: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def bootstrap_mean(
    values: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
    resamples: int = 10_000,
    seed: int = 0,
) -> Interval | None:
    """Percentile bootstrap interval of the mean of ``values`` (resampled with replacement, seeded).

    Returns ``None`` for no values. One value gives a zero-width interval at that value, never significant:
    one pair is no evidence of a difference.
    """
    data = np.asarray(values, dtype=np.float64).reshape(-1)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return None
    mean = float(data.mean())
    if data.size == 1:
        return Interval(mean, mean, mean, 1, confidence, False)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = (float(v) for v in np.quantile(means, [tail, 1.0 - tail]))
    return Interval(mean, low, high, int(data.size), confidence, bool(low > 0.0 or high < 0.0))


def crossing(ns: Sequence[float], values: Sequence[float], target: float) -> float | None:
    """The first ``n`` at which the piecewise-linear curve through ``(ns, values)`` reaches ``target``.

    Linear interpolation between the two grid points that bracket the first crossing (a curve already at the
    target at its first point crosses there); ``None`` when it never reaches the target.
    """
    xs = np.asarray(ns, dtype=np.float64)
    ys = np.asarray(values, dtype=np.float64)
    if xs.size == 0 or xs.size != ys.size:
        return None
    if ys[0] >= target:
        return float(xs[0])
    for i in range(1, xs.size):
        if ys[i] >= target:
            y0, y1 = ys[i - 1], ys[i]
            return float(xs[i - 1] + (target - y0) / (y1 - y0) * (xs[i] - xs[i - 1]))
    return None
