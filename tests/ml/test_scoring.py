from __future__ import annotations

import numpy as np
import pytest

from worker.ml.inference import Prediction
from worker.ml.scoring import STRATEGIES, ScoreContext, get_strategy, score


def _prediction(head_probs: np.ndarray, mc_probs: np.ndarray | None = None) -> Prediction:
    probs = head_probs[-1]
    return Prediction(probs.argmax(axis=0).astype(np.uint8), probs, head_probs, np.zeros(4, np.float32), mc_probs)


def _confident_heads(shape: tuple[int, int, int] = (8, 8, 8)) -> np.ndarray:
    probs = np.zeros((2, *shape), dtype=np.float32)
    probs[0] = 0.9
    probs[1] = 0.1
    probs[:, 3:5, 3:5, 3:5] = np.array([0.2, 0.8], dtype=np.float32)[:, None, None, None]
    return np.stack([probs] * 4)


class TestGetStrategy:
    def test_required_strategies_are_registered(self) -> None:
        assert {"random", "entropy", "unetpp_heads", "mc_dropout"} <= set(STRATEGIES)

    def test_unknown_name_lists_known_strategies(self) -> None:
        with pytest.raises(KeyError, match="known"):
            get_strategy("coreset-typo")


class TestScore:
    def test_identical_heads_score_zero_disagreement(self) -> None:
        result = score(_prediction(_confident_heads()), "unetpp_heads", ScoreContext("p1"))
        assert result.value == pytest.approx(0.0, abs=1e-6)
        assert result.voxel_map is not None and result.voxel_map.shape == (8, 8, 8)

    def test_disagreeing_heads_score_higher_than_agreeing_ones(self) -> None:
        heads = _confident_heads()
        heads[0] = heads[0][::-1]  # the shallowest head says the opposite everywhere
        assert score(_prediction(heads), "unetpp_heads", ScoreContext("p1")).value > 0.1

    def test_entropy_reports_band_and_whole_volume_components(self) -> None:
        result = score(_prediction(_confident_heads()), "entropy", ScoreContext("p1", band_width=1))
        assert result.components["band_voxels"] == 4**3
        assert result.components["foreground_voxels"] == 2**3
        assert result.value == pytest.approx(result.components["entropy"])

    def test_mc_dropout_needs_samples(self) -> None:
        with pytest.raises(ValueError, match="mc_samples"):
            score(_prediction(_confident_heads()), "mc_dropout", ScoreContext("p1"))

    def test_mc_dropout_is_zero_for_identical_samples(self) -> None:
        heads = _confident_heads()
        result = score(_prediction(heads, mc_probs=heads[:3]), "mc_dropout", ScoreContext("p1"))
        assert result.value == pytest.approx(0.0, abs=1e-6)

    def test_random_is_deterministic_per_patient_and_seed(self) -> None:
        prediction = _prediction(_confident_heads())
        first = score(prediction, "random", ScoreContext("p1", seed=3)).value
        assert first == score(prediction, "random", ScoreContext("p1", seed=3)).value
        assert first != score(prediction, "random", ScoreContext("p2", seed=3)).value
        assert score(prediction, "random", ScoreContext("p1")).voxel_map is None
