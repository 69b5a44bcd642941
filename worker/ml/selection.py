"""Budget-aware batch selection with ACFT's injected randomness.

Zhou et al., "Fine-tuning Convolutional Neural Networks for Biomedical Image Analysis: Actively and
Incrementally", CVPR 2017 (Alg. 1, Eq. "randomness"): rank by score, keep the top ``omega * b``, rescale
scores to ``(a - a_last) / (a_1 - a_last)`` and sample ``b`` of them (without replacement) proportionally.

The pool is capped at ``max(b, ceil(pool_fraction * N))`` candidates: ACFT's ``omega = 5`` was set for large
pools, and on a small one (b = 4, N = 22) the top 20 is nearly the whole pool, which made the "randomised top"
pick nearly random (36% of the picks in the true top 4, against 18% for a uniform draw).

Batch (diversity) selection: k-center greedy on embeddings (Sener & Savarese, "Active Learning for
Convolutional Neural Networks: A Core-Set Approach", arXiv 1708.00489), over the whole pool (``coreset``) or
inside the (capped) top ``omega * b`` by uncertainty (``hybrid``).

Objectives: ``"score"`` spends the budget on the most informative candidates; ``"value_per_cost"`` on the most
information per unit of cost (a knapsack-style greedy by ``score / cost``), which buys more information when
costs vary, e.g. by reading time or volume size.

Everything is vectorised over candidates: the ranking partitions instead of sorting the whole pool, so a
million scores cost a few ``O(N)`` passes.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "OBJECTIVES",
    "acft_sample",
    "k_center_greedy",
    "pool_size",
    "select_batch",
    "select_by_value_per_cost",
    "select_within_budget",
    "top_k",
]

# Budgets are money-like decimals stored as floats; 0.1 + 0.2 must still fit a budget of 0.3.
_BUDGET_TOLERANCE = 1e-9

OBJECTIVES = ("score", "value_per_cost")


def pool_size(n: int, batch_size: int, omega: int, pool_fraction: float) -> int:
    """How many top-ranked candidates ACFT's random draw (or hybrid's k-center) chooses from.

    ``omega * b``, capped at ``max(b, ceil(pool_fraction * n))`` so that on a small pool the draw still
    favours the top: ``omega = 1`` stays plain top-b, and large pools are unaffected.
    """
    if not 0.0 < pool_fraction <= 1.0:
        raise ValueError("pool_fraction must be in (0, 1]")
    return min(omega * batch_size, max(batch_size, math.ceil(pool_fraction * n)))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` indices of the stable descending order of ``scores`` (NaN ranks last), in that order.

    Equal to ``argsort(-scores, kind="stable")[:k]`` but ``O(N + k log k)``: a partition finds the k-th
    value, then only the ``k`` survivors are sorted.
    """
    keys = np.where(np.isnan(scores), -np.inf, scores)
    n = keys.size
    if k >= n:
        return np.argsort(-keys, kind="stable")
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    threshold = np.partition(keys, n - k)[n - k]
    above = np.flatnonzero(keys > threshold)
    ties = np.flatnonzero(keys == threshold)[: k - above.size]
    chosen = np.concatenate([above, ties])
    return chosen[np.argsort(-keys[chosen], kind="stable")]


def acft_sample(ranked_scores: np.ndarray, batch_size: int, rng: np.random.Generator) -> np.ndarray:
    """Sample ``batch_size`` positions of a descending-sorted score pool with ACFT probabilities.

    Sampling without replacement uses the Gumbel-top-k trick (equivalent to sequential proportional draws).
    Positions with probability 0 (the pool's last, or everything when all scores tie) are taken in rank order
    only once the positive ones are exhausted; all-equal scores get uniform probabilities.

    Args:
        ranked_scores: float ``(P,)`` sorted descending; non-finite entries get weight 0.
        batch_size: how many to draw (<= P).
        rng: seeded generator.

    Returns:
        int ``(batch_size,)`` positions into ``ranked_scores``, in rank order.
    """
    pool = len(ranked_scores)
    if batch_size >= pool:
        return np.arange(pool)
    finite = np.isfinite(ranked_scores)
    weights = np.zeros(pool)
    if finite.any():
        top, last = ranked_scores[finite].max(), ranked_scores[finite].min()
        weights[finite] = (ranked_scores[finite] - last) / (top - last) if top > last else 1.0
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=pool)
    # lexsort: primary key last; -inf keys (weight 0) fall back to rank order.
    order = np.lexsort((np.arange(pool), -keys))
    return np.sort(order[:batch_size])


def select_within_budget(
    scores: np.ndarray,
    costs: np.ndarray,
    budget_remaining: float,
    batch_size: int,
    omega: int = 5,
    seed: int = 0,
    pool_fraction: float = 0.25,
) -> np.ndarray:
    """Choose up to ``batch_size`` candidates whose total cost never exceeds ``budget_remaining``.

    Args:
        scores: float ``(N,)``, higher = more informative (NaN ranks last).
        costs: float ``(N,)`` non-negative annotation cost per candidate.
        budget_remaining: what may still be spent.
        batch_size: ``b``, the most candidates to return.
        omega: ACFT random extension; the draw is from the top ``omega * b``. ``omega=1`` is plain top-b.
        seed: makes the draw reproducible.
        pool_fraction: the draw's pool is capped at ``max(b, ceil(pool_fraction * N))`` (:func:`pool_size`).

    Returns:
        int64 ``(k,)`` indices into ``scores``, ``k <= batch_size``, ordered by rank (best first). Picks are
        walked in rank order and one that would overrun the budget is skipped (a cheaper later one may fit).
    """
    scores, costs = _checked(scores, costs, batch_size, omega)
    if batch_size == 0 or scores.size == 0 or budget_remaining < 0:
        return np.empty(0, dtype=np.int64)
    ranked = top_k(scores, pool_size(scores.size, batch_size, omega, pool_fraction))
    pool_scores = np.where(np.isnan(scores[ranked]), -np.inf, scores[ranked])
    picks = ranked[acft_sample(pool_scores, batch_size, np.random.default_rng(seed))]
    chosen, spent = [], 0.0
    for index in picks:  # at most batch_size iterations
        if spent + costs[index] <= budget_remaining + _BUDGET_TOLERANCE:
            chosen.append(int(index))
            spent += float(costs[index])
    return np.asarray(chosen, dtype=np.int64)


def _checked(scores: np.ndarray, costs: np.ndarray, batch_size: int, omega: int) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    costs = np.asarray(costs, dtype=np.float64).reshape(-1)
    if scores.shape != costs.shape:
        raise ValueError(f"scores {scores.shape} and costs {costs.shape} differ")
    if batch_size < 0 or omega < 1:
        raise ValueError("batch_size >= 0 and omega >= 1 are required")
    if np.any(costs < 0) or np.any(np.isnan(costs)):
        raise ValueError("costs must be non-negative numbers")
    return scores, costs


def select_by_value_per_cost(
    scores: np.ndarray, costs: np.ndarray, budget_remaining: float, batch_size: int
) -> np.ndarray:
    """Greedy by ``score / cost``: up to ``batch_size`` candidates, total cost within ``budget_remaining``.

    The classic knapsack greedy: when costs vary, the budget buys more information spent on the cheap
    informative candidates than on the top scores alone. Candidates are walked by ratio, descending
    (zero-cost ones first, by score; NaN scores last; ties by score, then index) and one that does not fit the
    remaining budget is skipped, so a cheaper later one can still use the money. Deterministic: ACFT's random
    extension draws with weights from the score range, which a ratio with zero-cost infinities does not have.

    Returns:
        int64 ``(k,)`` indices into ``scores`` in the order taken.
    """
    scores, costs = _checked(scores, costs, batch_size, 1)
    if batch_size == 0 or scores.size == 0 or budget_remaining < 0:
        return np.empty(0, dtype=np.int64)
    valid = ~np.isnan(scores)
    keys = np.where(valid, scores, -np.inf)
    free = costs == 0
    ratio = np.where(free | ~valid, 0.0, np.where(valid, scores, 0.0) / np.where(free, 1.0, costs))
    group = np.where(~valid, 2, np.where(free, 0, 1))  # free, then priced, then NaN scores
    # lexsort: the last key is primary; the index makes the order total.
    order = np.lexsort((np.arange(scores.size), -keys, -ratio, group))
    order = order[costs[order] <= budget_remaining + _BUDGET_TOLERANCE]  # what can never fit is never walked
    chosen: list[int] = []
    spent = 0.0
    for index in order:
        if len(chosen) == batch_size:
            break
        if spent + costs[index] <= budget_remaining + _BUDGET_TOLERANCE:
            chosen.append(int(index))
            spent += float(costs[index])
    return np.asarray(chosen, dtype=np.int64)


def _distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Euclidean distance of every point ``(K, F)`` to its nearest centre ``(L, F)``, chunked over centres."""
    nearest = np.full(len(points), np.inf)
    for start in range(0, len(centres), 256):
        block = centres[start : start + 256]
        squared = (points**2).sum(1)[:, None] - 2.0 * points @ block.T + (block**2).sum(1)[None]
        nearest = np.minimum(nearest, np.sqrt(np.clip(squared, 0.0, None)).min(axis=1))
    return nearest


def k_center_greedy(
    features: np.ndarray,
    labelled_features: np.ndarray | None,
    batch_size: int,
    costs: np.ndarray,
    budget_remaining: float,
    seed: int = 0,
    first: int | None = None,
    objective: str = "score",
) -> np.ndarray:
    """Core-set batch: repeatedly take the candidate farthest from every labelled and already chosen one.

    A candidate whose cost would overrun the budget is skipped for good (a cheaper one may still fit).

    Args:
        features: float ``(K, F)`` candidate embeddings.
        labelled_features: float ``(L, F)`` embeddings of the labelled set, or ``None``/empty.
        batch_size: the most candidates to return.
        costs: float ``(K,)`` non-negative costs.
        budget_remaining: what may still be spent.
        seed: picks the first centre when nothing is labelled and ``first`` is ``None``.
        first: index of the first pick when nothing is labelled (e.g. the most uncertain one).
        objective: ``"score"`` takes the largest distance gain; ``"value_per_cost"`` the largest distance gain
            per unit of cost (zero-cost candidates first, by distance), so coverage is bought cheaply.

    Returns:
        int64 ``(k,)`` indices into ``features`` in greedy order, ``k <= batch_size``.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; known: {OBJECTIVES}")
    points = np.asarray(features, dtype=np.float64).reshape(len(costs), -1)
    costs = np.asarray(costs, dtype=np.float64)
    available = np.ones(len(points), dtype=bool)
    if labelled_features is not None and len(labelled_features):
        nearest = _distances(points, np.asarray(labelled_features, dtype=np.float64).reshape(-1, points.shape[1]))
    else:
        nearest = np.full(len(points), np.inf)
    free = costs == 0
    chosen: list[int] = []
    spent = 0.0
    start = first if first is not None else int(np.random.default_rng(seed).integers(len(points))) if len(points) else 0
    while len(chosen) < batch_size and available.any():
        if np.isinf(nearest[available]).all():
            # Nothing labelled or chosen yet: the first centre.
            index = start if available[start] else int(np.flatnonzero(available)[0])
        elif objective == "value_per_cost" and (available & free).any():
            index = int(np.argmax(np.where(available & free, nearest, -np.inf)))
        elif objective == "value_per_cost":
            index = int(np.argmax(np.where(available, nearest / np.where(free, 1.0, costs), -np.inf)))
        else:
            index = int(np.argmax(np.where(available, nearest, -np.inf)))
        available[index] = False
        if spent + costs[index] > budget_remaining + _BUDGET_TOLERANCE:
            continue
        chosen.append(index)
        spent += float(costs[index])
        nearest = np.minimum(nearest, np.sqrt(((points - points[index]) ** 2).sum(axis=1)))
    return np.asarray(chosen, dtype=np.int64)


def select_batch(
    scores: np.ndarray,
    costs: np.ndarray,
    budget_remaining: float,
    batch_size: int,
    *,
    mode: str = "rank",
    omega: int = 5,
    seed: int = 0,
    features: np.ndarray | None = None,
    labelled_features: np.ndarray | None = None,
    pool_fraction: float = 0.25,
    objective: str = "score",
) -> np.ndarray:
    """One selection entry point for every strategy (its ``Strategy.selection`` gives ``mode``).

    Args:
        scores: float ``(N,)``, higher = more informative.
        costs: float ``(N,)`` per-candidate cost.
        budget_remaining: what may still be spent; the chosen costs never sum above it.
        batch_size: ``b``.
        mode: ``"rank"``: :func:`select_within_budget` (ACFT randomised top-omega*b); ``"kcenter"``:
            :func:`k_center_greedy` over all candidates; ``"hybrid"``: k-center greedy inside the top omega*b
            by score, starting from the top one when nothing is labelled.
        omega: ACFT random extension / hybrid shortlist factor.
        seed: determinism.
        features: float ``(N, F)`` embeddings (``kcenter`` and ``hybrid``).
        labelled_features: float ``(L, F)`` embeddings of the labelled set.
        pool_fraction: caps the ACFT pool and hybrid's shortlist at ``max(b, ceil(pool_fraction * N))``.
        objective: ``"score"``, or ``"value_per_cost"``: ``rank`` becomes
            :func:`select_by_value_per_cost`; ``kcenter``/``hybrid`` divide each greedy step's distance gain by
            the candidate's cost (hybrid's shortlist stays by score, its first pick is the best ratio in it).

    Returns:
        int64 indices into ``scores``.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; known: {OBJECTIVES}")
    if mode == "rank":
        if objective == "value_per_cost":
            return select_by_value_per_cost(scores, costs, budget_remaining, batch_size)
        return select_within_budget(scores, costs, budget_remaining, batch_size, omega, seed, pool_fraction)
    if mode not in ("kcenter", "hybrid"):
        raise ValueError(f"unknown selection mode {mode!r}")
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    costs = np.asarray(costs, dtype=np.float64).reshape(-1)
    if features is None or len(features) != scores.size or scores.shape != costs.shape:
        raise ValueError(f"{mode} selection needs one feature row and one cost per score")
    if np.any(costs < 0) or np.any(np.isnan(costs)):
        raise ValueError("costs must be non-negative numbers")
    if batch_size <= 0 or scores.size == 0 or budget_remaining < 0:
        return np.empty(0, dtype=np.int64)
    if mode == "kcenter":
        candidates, first = np.arange(scores.size), None
    else:
        candidates = top_k(scores, pool_size(scores.size, batch_size, omega, pool_fraction))
        first = 0
        if objective == "value_per_cost":
            first = int(select_by_value_per_cost(scores[candidates], costs[candidates], np.inf, 1)[0])
    shortlist = np.asarray(features)[candidates]
    picks = k_center_greedy(
        shortlist, labelled_features, batch_size, costs[candidates], budget_remaining, seed, first, objective
    )
    chosen: np.ndarray = candidates[picks]
    return chosen.astype(np.int64)
