"""Budget-aware batch selection with ACFT's injected randomness.

Zhou et al., "Fine-tuning Convolutional Neural Networks for Biomedical Image Analysis: Actively and
Incrementally", CVPR 2017 (Alg. 1, Eq. "randomness"): rank by score, keep the top ``omega * b``, rescale
scores to ``(a - a_last) / (a_1 - a_last)`` and sample ``b`` of them (without replacement) proportionally.
"""

from __future__ import annotations

import numpy as np

__all__ = ["acft_sample", "select_within_budget"]

# Budgets are money-like decimals stored as floats; 0.1 + 0.2 must still fit a budget of 0.3.
_BUDGET_TOLERANCE = 1e-9


def _rank(scores: np.ndarray) -> np.ndarray:
    """Indices by score descending; ties keep index order; NaN scores rank last."""
    keys = np.where(np.isnan(scores), -np.inf, scores)
    return np.argsort(-keys, kind="stable")


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
) -> np.ndarray:
    """Choose up to ``batch_size`` candidates whose total cost never exceeds ``budget_remaining``.

    Args:
        scores: float ``(N,)``, higher = more informative (NaN ranks last).
        costs: float ``(N,)`` non-negative annotation cost per candidate.
        budget_remaining: what may still be spent.
        batch_size: ``b``, the most candidates to return.
        omega: ACFT random extension; the draw is from the top ``omega * b``. ``omega=1`` is plain top-b.
        seed: makes the draw reproducible.

    Returns:
        int64 ``(k,)`` indices into ``scores``, ``k <= batch_size``, ordered by rank (best first). Picks are
        walked in rank order and one that would overrun the budget is skipped (a cheaper later one may fit).
    """
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    costs = np.asarray(costs, dtype=np.float64).reshape(-1)
    if scores.shape != costs.shape:
        raise ValueError(f"scores {scores.shape} and costs {costs.shape} differ")
    if batch_size < 0 or omega < 1:
        raise ValueError("batch_size >= 0 and omega >= 1 are required")
    if np.any(costs < 0) or np.any(np.isnan(costs)):
        raise ValueError("costs must be non-negative numbers")
    if batch_size == 0 or scores.size == 0 or budget_remaining < 0:
        return np.empty(0, dtype=np.int64)
    ranked = _rank(scores)[: omega * batch_size]
    pool_scores = np.where(np.isnan(scores[ranked]), -np.inf, scores[ranked])
    picks = ranked[acft_sample(pool_scores, batch_size, np.random.default_rng(seed))]
    chosen, spent = [], 0.0
    for index in picks:  # at most batch_size iterations
        if spent + costs[index] <= budget_remaining + _BUDGET_TOLERANCE:
            chosen.append(int(index))
            spent += float(costs[index])
    return np.asarray(chosen, dtype=np.int64)
