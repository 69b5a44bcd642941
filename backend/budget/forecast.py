"""A project's learning curve and what the rest of its budget is expected to buy.

Pure functions (numpy/scipy), importable by benchmarks: ``benchmarks/forecast_backtest.py`` checks them on the
measured label-efficiency curves.

Model: the inverse power law Dice(n) = a - b * n^(-c) in the number n of annotated patients, with the plateau a in
(0, 1], b >= 0 and c > 0 — the usual shape of learning curves (Dice rises fast, then flattens towards a). It is fitted
by bounded least squares (``scipy.optimize.curve_fit``). Its uncertainty comes from a seeded parametric bootstrap:
curves simulated from the fit plus Gaussian noise of the residual size (never below SIGMA_FLOOR: three rounds fit
three parameters exactly, which says nothing about the noise), each refitted. Those 200 refits use a vectorised
profile fit: for a fixed c the model is linear in (a, b), so every (sample, c) pair on a grid is solved in closed
form under the bounds, and the best c per sample is kept; the whole bootstrap takes a few milliseconds.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import OptimizeWarning, curve_fit

MIN_POINTS = 3  # distinct patient counts needed to fit three parameters
SAMPLES = 200
SIGMA_FLOOR = 0.02  # Dice: validation Dice of a few patients moves at least this much between equal trainings
C_MIN, C_MAX = 0.02, 5.0
A_MIN = 1e-6
_C_GRID = np.geomspace(C_MIN, C_MAX, 240)
CURVE_POINTS = 50
LOW_Q, HIGH_Q = 2.5, 97.5


def power_law(n: np.ndarray | float, a: float, b: float, c: float) -> np.ndarray:
    """Dice(n) = a - b * n^(-c); n below one patient is taken as one (the law says nothing about zero)."""
    return np.asarray(a - b * np.maximum(np.asarray(n, dtype=np.float64), 1.0) ** (-c))


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class CurveFit:
    """The fitted curve (a, b, c), the bootstrap refits (arrays of SAMPLES values each) and the noise assumed."""

    a: float
    b: float
    c: float
    samples_a: np.ndarray = field(repr=False)
    samples_b: np.ndarray = field(repr=False)
    samples_c: np.ndarray = field(repr=False)
    sigma: float
    points: int

    def dice(self, n: float) -> Interval:
        """Expected Dice at ``n`` patients with its 95% bootstrap band (the band always contains the fit)."""
        point = float(power_law(n, self.a, self.b, self.c))
        draws = self.samples_a - self.samples_b * max(float(n), 1.0) ** (-self.samples_c)
        low, high = np.percentile(draws, [LOW_Q, HIGH_Q])
        return Interval(mean=point, low=min(float(low), point), high=max(float(high), point))

    def patients_for(self, target: float) -> tuple[float | None, np.ndarray]:
        """Patients at which the curve reaches ``target`` (None: its plateau is at or below it) and the same for
        every bootstrap refit (inf where that refit never reaches it)."""
        return _patients_for(self.a, self.b, self.c, target), _patients_for_many(
            self.samples_a, self.samples_b, self.samples_c, target
        )


def _patients_for(a: float, b: float, c: float, target: float) -> float | None:
    if a <= target:
        return None
    if b <= 0:
        return 1.0
    return float(max(1.0, (b / (a - target)) ** (1.0 / c)))


def _patients_for_many(a: np.ndarray, b: np.ndarray, c: np.ndarray, target: float) -> np.ndarray:
    gap = a - target
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        n = np.where(b > 0, (b / np.where(gap > 0, gap, 1.0)) ** (1.0 / c), 1.0)
    return np.where(gap > 0, np.maximum(n, 1.0), np.inf)


def profile_fit(ns: np.ndarray, dice: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bounded least-squares fits of many curves at once: ``dice`` is (S, N) at patient counts ``ns`` (N,).

    Returns a, b, c and the residual sum of squares, each (S,). For each c of the grid, the bounded optimum in
    (a, b) is the unconstrained one when feasible, else lies on the edge a = 1 or the edge b = 0.
    """
    y = np.atleast_2d(np.asarray(dice, dtype=np.float64))
    x = np.maximum(np.asarray(ns, dtype=np.float64), 1.0)[None, :] ** (-_C_GRID[:, None])  # (K, N)
    count = y.shape[1]
    sy, syy = y.sum(axis=1), (y * y).sum(axis=1)  # (S,)
    sx, sxx = x.sum(axis=1), (x * x).sum(axis=1)  # (K,)
    # einsum, not a BLAS product: a threaded BLAS spends more on waking its threads than on this small product.
    sxy = np.einsum("sn,kn->sk", y, x)  # (S, K)

    def sse(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # sum (y - a + b x)^2, expanded so that no (S, K, N) array is formed
        total: np.ndarray = (
            syy[:, None]
            + count * a * a
            + b * b * sxx[None, :]
            - 2 * a * sy[:, None]
            + 2 * b * sxy
            - 2 * a * b * sx[None, :]
        )
        return total

    ym = sy / count
    xm = sx / count
    var_x = sxx - count * xm * xm
    cov = sxy - count * ym[:, None] * xm[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        b_free = np.where(var_x[None, :] > 1e-15, -cov / var_x[None, :], 0.0)
    a_free = ym[:, None] + b_free * xm[None, :]
    free_ok = (b_free >= 0) & (a_free > A_MIN) & (a_free <= 1)
    b_edge = np.maximum((sx[None, :] - sxy) / sxx[None, :], 0.0)  # a = 1
    a_edge = np.ones_like(b_edge)
    a_flat = np.broadcast_to(np.clip(ym, A_MIN, 1.0)[:, None], b_free.shape)  # b = 0
    b_flat = np.zeros_like(b_free)
    candidates = [
        (a_free, b_free, np.where(free_ok, sse(a_free, b_free), np.inf)),
        (a_edge, b_edge, sse(a_edge, b_edge)),
        (a_flat, b_flat, sse(a_flat, b_flat)),
    ]
    errors = np.stack([c[2] for c in candidates])  # (3, S, K)
    which = errors.reshape(3, -1).argmin(axis=0).reshape(errors.shape[1:])
    best = np.take_along_axis(errors, which[None], axis=0)[0]  # (S, K)
    k = best.argmin(axis=1)
    rows = np.arange(y.shape[0])
    kind = which[rows, k]
    a = np.stack([c[0] for c in candidates])[kind, rows, k]
    b = np.stack([c[1] for c in candidates])[kind, rows, k]
    return a, b, _C_GRID[k], np.maximum(best[rows, k], 0.0)


def _refine(ns: np.ndarray, dice: np.ndarray, start: tuple[float, float, float]) -> tuple[float, float, float]:
    """curve_fit from the grid's optimum; the grid's answer stands if the refinement fails or is not better."""
    lower, upper = np.array([A_MIN, 0.0, C_MIN]), np.array([1.0, np.inf, C_MAX])
    p0 = np.clip(np.array(start), lower + 1e-9, np.minimum(upper - 1e-9, 1e6))
    try:
        with warnings.catch_warnings():
            # Three points fit three parameters exactly: no covariance, which the bootstrap does not need.
            warnings.simplefilter("ignore", OptimizeWarning)
            params, _ = curve_fit(
                lambda n, a, b, c: power_law(n, a, b, c), ns, dice, p0=p0, bounds=(lower, upper), maxfev=2000
            )
    except (RuntimeError, ValueError):
        return start
    refined = tuple(float(v) for v in params)

    def rss(p: tuple[float, ...]) -> float:
        return float(np.sum((dice - power_law(ns, *p)) ** 2))

    return (refined[0], refined[1], refined[2]) if rss(refined) <= rss(start) else start


def fit_curve(
    patients: Sequence[float] | np.ndarray,
    dice: Sequence[float] | np.ndarray,
    *,
    samples: int = SAMPLES,
    seed: int = 0,
) -> CurveFit | None:
    """The learning curve through these (patients, Dice) points with its bootstrap, or None with fewer than
    MIN_POINTS distinct patient counts (points at n < 1 or non-finite are left out)."""
    ns = np.asarray(patients, dtype=np.float64)
    ys = np.asarray(dice, dtype=np.float64)
    keep = np.isfinite(ns) & np.isfinite(ys) & (ns >= 1)
    ns, ys = ns[keep], np.clip(ys[keep], 0.0, 1.0)
    if np.unique(ns).size < MIN_POINTS:
        return None
    grid_a, grid_b, grid_c, _ = profile_fit(ns, ys[None, :])
    a, b, c = _refine(ns, ys, (float(grid_a[0]), float(grid_b[0]), float(grid_c[0])))
    fitted = power_law(ns, a, b, c)
    dof = ns.size - 3
    residual_sd = float(np.sqrt(np.sum((ys - fitted) ** 2) / dof)) if dof > 0 else 0.0
    sigma = max(residual_sd, SIGMA_FLOOR)
    rng = np.random.default_rng(seed)
    simulated = np.clip(fitted[None, :] + rng.normal(0.0, sigma, size=(samples, ns.size)), 0.0, 1.0)
    sa, sb, sc, _ = profile_fit(ns, simulated)
    return CurveFit(a=a, b=b, c=c, samples_a=sa, samples_b=sb, samples_c=sc, sigma=sigma, points=int(ns.size))


def curve_points(fit: CurveFit, up_to: float, count: int = CURVE_POINTS) -> list[tuple[float, Interval]]:
    """The fitted curve with its band from one patient to ``up_to`` patients (at least to 2)."""
    ns = np.linspace(1.0, max(float(up_to), 2.0), count)
    draws = fit.samples_a[:, None] - fit.samples_b[:, None] * ns[None, :] ** (-fit.samples_c[:, None])
    lows, highs = np.percentile(draws, [LOW_Q, HIGH_Q], axis=0)
    points = power_law(ns, fit.a, fit.b, fit.c)
    return [
        (float(n), Interval(mean=float(p), low=min(float(lo), float(p)), high=max(float(hi), float(p))))
        for n, p, lo, hi in zip(ns, points, lows, highs, strict=True)
    ]


@dataclass(frozen=True)
class Outlook:
    """What spending the rest of the budget is expected to bring, and whether to go on."""

    patients_if_spent: float
    expected_dice_if_spent: Interval
    budget_to_target: Interval | None
    target_unreachable: bool
    gain_per_100: float
    recommendation: str  # "continue" | "stop"
    reason: str


def patients_affordable(remaining: float, mean_cost: float, pool_left: int) -> float:
    """Patients the remaining budget buys at the mean price, no more than the unlabelled pool holds."""
    if pool_left <= 0:
        return 0.0
    if mean_cost <= 0:
        return float(pool_left)
    return float(min(pool_left, max(remaining, 0.0) / mean_cost))


def outlook(
    fit: CurveFit,
    *,
    patients_now: float,
    remaining: float,
    mean_cost: float,
    pool_left: int,
    target_dice: float | None,
    stop_gain_per_100: float | None,
) -> Outlook:
    """Expected Dice if the remaining budget is spent, the budget the target needs, the gain per 100 currency units
    of the next spending, and the recommendation (stop: nothing left to buy, target reached, or gain below the
    lead's threshold)."""
    patients_if_spent = patients_now + patients_affordable(remaining, mean_cost, pool_left)
    now = float(power_law(patients_now, fit.a, fit.b, fit.c))
    step = patients_affordable(100.0, mean_cost, pool_left)
    gain = float(power_law(patients_now + step, fit.a, fit.b, fit.c)) - now if step > 0 else 0.0

    budget: Interval | None = None
    unreachable = False
    if target_dice is not None:
        needed, sampled = fit.patients_for(target_dice)
        if needed is None:
            unreachable = True
        else:
            extra = np.maximum(sampled[np.isfinite(sampled)] - patients_now, 0.0) * mean_cost
            point = max(needed - patients_now, 0.0) * mean_cost
            low, high = np.percentile(extra, [LOW_Q, HIGH_Q]) if extra.size else (point, point)
            budget = Interval(mean=point, low=min(float(low), point), high=max(float(high), point))

    recommendation, reason = "continue", ""
    if pool_left <= 0:
        recommendation, reason = "stop", "Every pool patient is annotated: there is nothing left to buy."
    elif mean_cost > 0 and remaining < mean_cost:
        recommendation, reason = "stop", "The remaining budget does not pay for another patient at the mean price."
    elif target_dice is not None and now >= target_dice:
        recommendation = "stop"
        reason = f"The fitted curve already reaches the target Dice {target_dice:.3f} ({now:.3f} now)."
    elif stop_gain_per_100 is not None and gain < stop_gain_per_100:
        recommendation = "stop"
        reason = (
            f"The next 100 currency units are expected to add {gain:.4f} Dice, below your threshold of "
            f"{stop_gain_per_100:.4f}."
        )
    elif stop_gain_per_100 is not None:
        reason = (
            f"The next 100 currency units are expected to add {gain:.4f} Dice, above your threshold of "
            f"{stop_gain_per_100:.4f}."
        )
    else:
        reason = (
            f"The next 100 currency units are expected to add {gain:.4f} Dice; set a stop threshold to be told "
            "when to stop."
        )
    if unreachable and target_dice is not None:
        reason += f" The curve levels off at {fit.a:.3f}, below the target {target_dice:.3f}."
    return Outlook(
        patients_if_spent=patients_if_spent,
        expected_dice_if_spent=fit.dice(patients_if_spent),
        budget_to_target=budget,
        target_unreachable=unreachable,
        gain_per_100=gain,
        recommendation=recommendation,
        reason=reason,
    )
