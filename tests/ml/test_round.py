from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import torch

from tests.ml.conftest import synthetic_sample
from worker.ml.config import TrainConfig
from worker.ml.round import PoolPrediction, RoundOutput, hard_earlier_patients, run_round_ml, select_round
from worker.ml.scoring import ScoreResult
from worker.ml.training import TrainResult, train_segmenter
from worker.tasks.data import PatientArrays
from worker.tasks.round import _split_by_parent


class TestRunRoundMl:
    @pytest.mark.parametrize(
        "strategy", ["random", "entropy", "unetpp_heads", "mc_dropout", "acft", "coreset", "hybrid"]
    )
    def test_scores_and_predicts_every_pool_sample(self, tiny_config: TrainConfig, strategy: str) -> None:
        train = [synthetic_sample("t1", (16, 20, 16), 0), synthetic_sample("t2", (20, 16, 16), 1)]
        val = [synthetic_sample("v1", (16, 16, 16), 2)]
        pool = [synthetic_sample(f"p{i}", (18, 17, 15), 10 + i, labelled=False) for i in range(3)]
        events: list[dict[str, Any]] = []
        out = run_round_ml(train, val, pool, tiny_config, strategy, progress=events.append)
        assert set(out.scores) == set(out.predictions) == {"p0", "p1", "p2"}
        for prediction in out.predictions.values():
            assert prediction.mask.shape == prediction.uncertainty.shape == (18, 17, 15)
            assert prediction.mask.dtype == np.uint8 and prediction.uncertainty.dtype == np.float32
        assert all(np.isfinite(s.value) for s in out.scores.values())
        assert [e["stage"] for e in events] == ["training", "scoring", "scoring", "scoring"]
        assert out.train_result.val_dice is not None

    def test_a_given_training_is_scored_from_instead_of_training_again(self, tiny_config: TrainConfig) -> None:
        train = [synthetic_sample("t1", (16, 20, 16), 0), synthetic_sample("t2", (20, 16, 16), 1)]
        pool = [synthetic_sample(f"p{i}", (18, 17, 15), 10 + i, labelled=False) for i in range(2)]
        fresh = run_round_ml(train, [], pool, tiny_config, "entropy")
        events: list[dict[str, Any]] = []
        reused = run_round_ml(
            train, [], pool, tiny_config, "entropy", progress=events.append, trained=fresh.train_result
        )
        assert reused.train_result is fresh.train_result
        assert [e["stage"] for e in events] == ["scoring", "scoring"]
        assert {k: s.value for k, s in reused.scores.items()} == {k: s.value for k, s in fresh.scores.items()}

    def test_unknown_strategy_fails_before_training(self, tiny_config: TrainConfig) -> None:
        with pytest.raises(KeyError):
            run_round_ml([], [], [], tiny_config, "nope")

    def test_duplicate_pool_ids_are_rejected(self, tiny_config: TrainConfig) -> None:
        pool = [synthetic_sample("p", (16, 16, 16), 0, labelled=False)] * 2
        with pytest.raises(ValueError, match="unique"):
            run_round_ml([], [], pool, tiny_config, "random")


class TestContinualAndSelection:
    def test_hq_replays_only_earlier_patients_the_previous_model_gets_wrong(self, tiny_config: TrainConfig) -> None:
        new = [synthetic_sample("new", (16, 16, 16), 0)]
        earlier = [synthetic_sample(f"e{i}", (16, 16, 16), 1 + i) for i in range(2)]
        previous = run_round_ml(new, [], [], tiny_config, "random").train_result.state_dict
        everything = replace(tiny_config, continual="hq", hq_dice_threshold=1.01)  # nothing is perfect
        nothing = replace(tiny_config, continual="hq", hq_dice_threshold=-1.0)
        assert run_round_ml(new, [], [], everything, "random", previous, earlier=earlier).trained_on == (
            "new",
            "e0",
            "e1",
        )
        assert run_round_ml(new, [], [], nothing, "random", previous, earlier=earlier).trained_on == ("new",)
        assert len(hard_earlier_patients(earlier, previous, everything)) == 2

    def test_lq_trains_on_all_earlier_patients(self, tiny_config: TrainConfig) -> None:
        new = [synthetic_sample("new", (16, 16, 16), 0)]
        earlier = [synthetic_sample("old", (16, 16, 16), 1)]
        assert run_round_ml(new, [], [], tiny_config, "random", earlier=earlier).trained_on == ("new", "old")

    @pytest.mark.parametrize("strategy", ["coreset", "hybrid", "entropy"])
    def test_select_round_respects_budget_and_returns_pool_ids(self, tiny_config: TrainConfig, strategy: str) -> None:
        train = [synthetic_sample("t1", (16, 16, 16), 0)]
        pool = [synthetic_sample(f"p{i}", (16, 16, 16), 10 + i, labelled=False) for i in range(5)]
        out = run_round_ml(train, [], pool, tiny_config, strategy)
        if strategy != "entropy":
            assert set(out.labelled_features) == {"t1"}
        ids = [s.id for s in pool]
        chosen = select_round(out, ids, np.array([1.0, 1.0, 3.0, 1.0, 1.0]), 2.0, 3, seed=1)
        assert len(chosen) <= 2 and set(chosen) <= set(ids) and len(set(chosen)) == len(chosen)
        assert chosen == select_round(out, ids, np.array([1.0, 1.0, 3.0, 1.0, 1.0]), 2.0, 3, seed=1)

    def test_fine_tune_trains_from_the_previous_model_at_the_reduced_rate(self, tiny_config: TrainConfig) -> None:
        new = [synthetic_sample("new", (16, 16, 16), 0)]
        previous = run_round_ml(new, [], [], tiny_config, "random").train_result.state_dict
        out = run_round_ml(new, [], [], tiny_config, "random", previous, fine_tune=True)
        expected = train_segmenter(new, [], replace(tiny_config, lr=tiny_config.lr * 0.1), previous)
        assert all(torch.equal(out.train_result.state_dict[k], expected.state_dict[k]) for k in previous)


def _output(scores: list[float]) -> RoundOutput:
    """A scored pool without training: selection only reads scores and features."""
    ids = [f"p{i}" for i in range(len(scores))]
    empty = np.zeros((1, 1, 1), np.float32)
    return RoundOutput(
        TrainResult({}, None),
        {i: PoolPrediction(empty.astype(np.uint8), empty, np.full(2, k, np.float32)) for k, i in enumerate(ids)},
        {i: ScoreResult(v, {}, None) for i, v in zip(ids, scores, strict=True)},
        strategy="entropy",
    )


class TestSelectRoundOptions:
    def test_value_per_cost_objective_is_passed_through(self) -> None:
        out = _output([1.0, 0.9, 0.8, 0.7, 0.6, 0.5])
        ids = list(out.scores)
        costs = np.array([5.0, 5.0, 5.0, 1.0, 1.0, 1.0])
        assert select_round(out, ids, costs, 5.0, 6, omega=1) == ["p0"]
        assert select_round(out, ids, costs, 5.0, 6, omega=1, objective="value_per_cost") == ["p3", "p4", "p5"]

    def test_pool_fraction_is_passed_through(self) -> None:
        out = _output(list(np.linspace(1.0, 0.0, 22)))
        ids = list(out.scores)
        capped = {i for seed in range(30) for i in select_round(out, ids, np.ones(22), 100.0, 4, seed=seed)}
        wide = {
            i for seed in range(30) for i in select_round(out, ids, np.ones(22), 100.0, 4, seed=seed, pool_fraction=1.0)
        }
        assert capped <= {f"p{i}" for i in range(6)} and len(wide) > 6


class TestContinualSplit:
    """worker/tasks/round.py: which patients are new since the parent model, which are replayed."""

    @staticmethod
    def _patients(n: int) -> list[PatientArrays]:
        volume: Any = None  # the split reads ids only
        return [PatientArrays(uuid.uuid4(), f"e{i}", volume, np.zeros((1, 1, 1)), None) for i in range(n)]

    def test_patients_the_parent_trained_on_are_earlier_the_rest_new(self) -> None:
        patients = self._patients(4)
        seen = [str(p.patient_id) for p in patients[:3]]
        new, earlier = _split_by_parent(patients, {"val_dice": 0.5, "trained_on": seen})
        assert new == patients[3:] and earlier == patients[:3]

    def test_a_parent_without_the_record_makes_every_patient_new(self) -> None:
        patients = self._patients(3)
        assert _split_by_parent(patients, {"val_dice": 0.5}) == (patients, [])
        assert _split_by_parent(patients, None) == (patients, [])
