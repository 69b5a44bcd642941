from __future__ import annotations

import numpy as np
import pytest

from worker.ml.selection import (
    k_center_greedy,
    pool_size,
    select_batch,
    select_by_value_per_cost,
    select_within_budget,
    top_k,
)


class TestSelectWithinBudget:
    def test_budget_is_never_exceeded_over_random_draws(self) -> None:
        rng = np.random.default_rng(0)
        for trial in range(300):
            n = int(rng.integers(1, 40))
            scores = rng.random(n)
            costs = rng.choice([0.1, 0.5, 1.0, 2.5], size=n)
            budget = float(rng.uniform(0, 6))
            batch = int(rng.integers(1, 8))
            chosen = select_within_budget(scores, costs, budget, batch, omega=5, seed=trial)
            assert costs[chosen].sum() <= budget + 1e-9
            assert len(chosen) <= batch
            assert len(set(chosen.tolist())) == len(chosen)

    def test_same_seed_gives_same_selection(self) -> None:
        scores = np.random.default_rng(1).random(50)
        first = select_within_budget(scores, np.ones(50), 100.0, 5, omega=5, seed=7)
        again = select_within_budget(scores, np.ones(50), 100.0, 5, omega=5, seed=7)
        assert np.array_equal(first, again)

    def test_different_seeds_explore_beyond_the_top_b(self) -> None:
        scores = np.linspace(1.0, 0.0, 50)
        picks = {tuple(select_within_budget(scores, np.ones(50), 100.0, 5, seed=s)) for s in range(20)}
        assert len(picks) > 1
        assert all(max(p) < 25 for p in picks)  # always within the top omega * b = 25

    def test_omega_one_returns_the_top_b_in_rank_order(self) -> None:
        scores = np.array([0.2, 0.9, 0.5, 0.7, 0.1])
        chosen = select_within_budget(scores, np.ones(5), 10.0, 3, omega=1, seed=3)
        assert chosen.tolist() == [1, 3, 2]

    def test_picks_are_ordered_by_rank(self) -> None:
        scores = np.random.default_rng(2).random(30)
        chosen = select_within_budget(scores, np.ones(30), 100.0, 6, omega=3, seed=5)
        assert np.all(np.diff(scores[chosen]) <= 0)

    def test_candidate_costing_more_than_what_is_left_is_skipped(self) -> None:
        scores = np.array([0.9, 0.8, 0.7])
        costs = np.array([1.0, 5.0, 1.0])
        chosen = select_within_budget(scores, costs, 2.0, 3, omega=1)
        assert chosen.tolist() == [0, 2]

    def test_decimal_costs_fill_the_budget_exactly(self) -> None:
        chosen = select_within_budget(np.array([0.3, 0.2, 0.1]), np.full(3, 0.1), 0.3, 3, omega=1)
        assert chosen.tolist() == [0, 1, 2]

    def test_zero_budget_selects_nothing(self) -> None:
        assert select_within_budget(np.array([0.5, 0.4]), np.ones(2), 0.0, 2).size == 0

    def test_nan_scores_rank_last(self) -> None:
        chosen = select_within_budget(np.array([np.nan, 0.1, 0.2]), np.ones(3), 10.0, 2, omega=1)
        assert chosen.tolist() == [2, 1]

    def test_mismatched_lengths_are_rejected(self) -> None:
        with pytest.raises(ValueError, match="differ"):
            select_within_budget(np.ones(3), np.ones(2), 1.0, 1)


class TestTopK:
    def test_matches_a_full_stable_sort_with_ties_and_nans(self) -> None:
        rng = np.random.default_rng(4)
        for _ in range(50):
            scores = rng.integers(0, 6, size=200).astype(float)
            scores[rng.random(200) < 0.1] = np.nan
            k = int(rng.integers(0, 220))
            full = np.argsort(-np.where(np.isnan(scores), -np.inf, scores), kind="stable")[:k]
            assert np.array_equal(top_k(scores, k), full)


class TestKCenterGreedy:
    def test_picks_the_farthest_point_from_the_labelled_set_then_spreads(self) -> None:
        features = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [10.0, 1.0], [5.0, 5.0]])
        labelled = np.array([[0.0, 0.0]])
        chosen = k_center_greedy(features, labelled, 2, np.ones(5), 10.0)
        assert chosen.tolist() == [3, 4]  # (10, 1) is farthest; then (5, 5) is farther from both than (1, 0)

    def test_budget_is_respected_and_expensive_points_are_skipped(self) -> None:
        features = np.array([[0.0], [100.0], [50.0], [1.0]])
        chosen = k_center_greedy(features, np.array([[0.0]]), 2, np.array([1.0, 9.0, 1.0, 1.0]), 2.0)
        assert chosen.tolist() == [2, 3]

    def test_without_labelled_set_the_first_centre_is_seeded(self) -> None:
        features = np.random.default_rng(0).random((30, 4))
        first = k_center_greedy(features, None, 5, np.ones(30), 10.0, seed=3)
        assert np.array_equal(first, k_center_greedy(features, None, 5, np.ones(30), 10.0, seed=3))
        assert len(set(first.tolist())) == 5


class TestSelectBatch:
    def test_rank_mode_is_select_within_budget(self) -> None:
        scores = np.random.default_rng(1).random(40)
        expected = select_within_budget(scores, np.ones(40), 10.0, 4, omega=5, seed=2)
        assert np.array_equal(select_batch(scores, np.ones(40), 10.0, 4, omega=5, seed=2), expected)

    def test_hybrid_stays_within_the_top_omega_b_and_diversifies(self) -> None:
        scores = np.array([0.9, 0.89, 0.88, 0.5, 0.1, 0.05])
        features = np.array([[0.0], [0.1], [5.0], [9.0], [20.0], [30.0]])
        chosen = select_batch(scores, np.ones(6), 10.0, 2, mode="hybrid", omega=2, features=features, pool_fraction=1.0)
        assert chosen.tolist() == [0, 3]  # top-4 shortlist; start at the most uncertain, then the farthest
        # The default pool fraction caps the shortlist at max(b, ceil(0.25 * 6)) = 2 here.
        capped = select_batch(scores, np.ones(6), 10.0, 2, mode="hybrid", omega=2, features=features)
        assert capped.tolist() == [0, 1]

    def test_kcenter_mode_uses_the_whole_pool(self) -> None:
        scores = np.zeros(4)
        features = np.array([[0.0], [1.0], [2.0], [50.0]])
        chosen = select_batch(
            scores, np.ones(4), 10.0, 1, mode="kcenter", features=features, labelled_features=np.array([[0.0]])
        )
        assert chosen.tolist() == [3]

    def test_diversity_modes_need_features(self) -> None:
        with pytest.raises(ValueError, match="feature"):
            select_batch(np.ones(3), np.ones(3), 1.0, 1, mode="kcenter")


def _top_b_hit_rate(pool_fraction: float, trials: int = 400) -> float:
    """Fraction of picks (b = 4, omega = 5, 22 candidates) that are in the true top 4."""
    hits = 0
    for seed in range(trials):
        scores = np.random.default_rng(1000 + seed).random(22)
        chosen = select_within_budget(scores, np.ones(22), 100.0, 4, omega=5, seed=seed, pool_fraction=pool_fraction)
        hits += len(set(chosen.tolist()) & set(np.argsort(-scores)[:4].tolist()))
    return hits / (4 * trials)


class TestPoolFraction:
    def test_pool_size_caps_omega_b_on_small_pools_only(self) -> None:
        assert pool_size(22, 4, 5, 0.25) == 6  # was omega * b = 20 of 22
        assert pool_size(1000, 4, 5, 0.25) == 20  # large pools keep ACFT's omega * b
        assert pool_size(3, 4, 5, 0.25) == 4  # never below b
        assert pool_size(22, 4, 1, 0.25) == 4

    def test_small_pool_draw_favours_the_true_top_b(self) -> None:
        # Uniform random picks hit the top 4 of 22 at 4/22 = 0.18; the uncapped top-20 draw measured 0.35.
        uncapped, capped = _top_b_hit_rate(1.0), _top_b_hit_rate(0.25)
        assert uncapped < 0.45
        assert capped > 0.8 and capped > uncapped + 0.3

    def test_omega_one_is_still_exactly_the_top_b(self) -> None:
        for seed in range(20):
            scores = np.random.default_rng(seed).random(22)
            chosen = select_within_budget(scores, np.ones(22), 100.0, 4, omega=1, seed=seed)
            assert chosen.tolist() == top_k(scores, 4).tolist()

    def test_the_draw_stays_within_the_capped_pool(self) -> None:
        scores = np.linspace(1.0, 0.0, 22)
        for seed in range(50):
            assert select_within_budget(scores, np.ones(22), 100.0, 4, seed=seed).max() < 6

    def test_bad_fraction_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="pool_fraction"):
            select_within_budget(np.ones(5), np.ones(5), 10.0, 2, pool_fraction=0.0)


class TestValuePerCost:
    def test_at_equal_budget_cheap_informative_candidates_buy_more_information(self) -> None:
        scores = np.array([1.0, 0.9, 0.8, 0.7, 0.6, 0.5])
        costs = np.array([5.0, 5.0, 5.0, 1.0, 1.0, 1.0])
        by_score = select_batch(scores, costs, 5.0, 6, omega=1)
        by_ratio = select_batch(scores, costs, 5.0, 6, omega=1, objective="value_per_cost")
        assert by_score.tolist() == [0]
        assert by_ratio.tolist() == [3, 4, 5]  # ratios 0.7, 0.6, 0.5 beat 1.0 / 5; then 5 no longer fits
        assert scores[by_ratio].sum() > scores[by_score].sum()

    def test_zero_cost_first_nan_last_and_what_does_not_fit_is_skipped(self) -> None:
        scores = np.array([0.9, 0.1, np.nan, 0.5, 0.4])
        costs = np.array([1.0, 0.0, 0.0, 3.0, 1.0])
        assert select_by_value_per_cost(scores, costs, 2.0, 5).tolist() == [1, 0, 4, 2]

    def test_kcenter_divides_the_distance_gain_by_cost(self) -> None:
        features = np.array([[0.0], [10.0], [9.0]])
        labelled = np.array([[0.0]])
        costs = np.array([1.0, 10.0, 1.0])
        picks = {
            objective: select_batch(
                np.zeros(3),
                costs,
                100.0,
                1,
                mode="kcenter",
                features=features,
                labelled_features=labelled,
                objective=objective,
            ).tolist()
            for objective in ("score", "value_per_cost")
        }
        assert picks == {"score": [1], "value_per_cost": [2]}  # 9 / 1 beats 10 / 10

    @pytest.mark.parametrize("mode", ["rank", "kcenter", "hybrid"])
    def test_budget_is_never_exceeded_with_variable_costs(self, mode: str) -> None:
        rng = np.random.default_rng(5)
        for trial in range(200):
            n = int(rng.integers(1, 40))
            scores = rng.random(n)
            costs = rng.choice([0.0, 0.1, 0.5, 1.0, 2.5, 7.0], size=n)
            budget = float(rng.uniform(0, 6))
            batch = int(rng.integers(1, 8))
            chosen = select_batch(
                scores,
                costs,
                budget,
                batch,
                mode=mode,
                seed=trial,
                features=rng.random((n, 3)),
                labelled_features=rng.random((2, 3)),
                objective="value_per_cost",
            )
            assert costs[chosen].sum() <= budget + 1e-9
            assert len(chosen) <= batch and len(set(chosen.tolist())) == len(chosen)

    def test_unknown_objective_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="objective"):
            select_batch(np.ones(3), np.ones(3), 1.0, 1, objective="cheapest")
