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
    probs[0] = 0.95  # confident background: below the 0.1 foreground threshold of the aggregation region
    probs[1] = 0.05
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
        heads[1] = heads[1][::-1]  # a deep head (X^{0,2}) says the opposite everywhere
        result = score(_prediction(heads), "unetpp_heads", ScoreContext("p1"))
        assert result.value > 0.1 and result.components["heads"] == 3

    def test_the_shallow_head_alone_disagreeing_does_not_count(self) -> None:
        # X^{0,1} is systematically off (one encoder level of context); only X^{0,2..4} are compared.
        heads = _confident_heads()
        heads[0] = heads[0][::-1]
        assert score(_prediction(heads), "unetpp_heads", ScoreContext("p1")).value == pytest.approx(0.0, abs=1e-6)

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


_SHAPE = (32, 32, 32)
_BLOB = (slice(12, 20),) * 3


def _draws(blob_foreground: list[float], background: float = 0.001) -> Prediction:
    """A prediction whose heads, MC samples and views are the same draws: foreground probability
    ``blob_foreground[i]`` inside an 8^3 blob, ``background`` elsewhere; the mask is the argmax of their mean."""
    volumes = []
    for p in blob_foreground:
        fg = np.full(_SHAPE, background, np.float32)
        fg[_BLOB] = p
        volumes.append(np.stack([1 - fg, fg]))
    draws = np.stack(volumes).astype(np.float32)
    probs = draws.mean(axis=0)
    heads = np.stack([draws[0], *draws[-3:]])
    mask = probs.argmax(axis=0).astype(np.uint8)
    return Prediction(mask, probs, heads, np.zeros(4, np.float32), mc_probs=draws, view_probs=draws)


class TestMissedStructure:
    """A patient whose structure the model sees only faintly (foreground 0.1-0.45: an empty mask) is the one
    most worth annotating; scored on the whole volume it ranked below a confidently segmented one."""

    @pytest.mark.parametrize("strategy", ["entropy", "mc_dropout", "unetpp_heads", "acft", "hybrid"])
    def test_an_empty_mask_over_an_uncertain_blob_outranks_a_confident_correct_prediction(self, strategy: str) -> None:
        missed = _draws([0.45, 0.15, 0.4, 0.2, 0.35, 0.1, 0.45, 0.25])
        confident = _draws([0.97, 0.93, 0.96, 0.94, 0.97, 0.92, 0.95, 0.98])
        assert not missed.mask.any() and confident.mask.sum() == 8**3
        missed_score = score(missed, strategy, ScoreContext("missed"))
        confident_score = score(confident, strategy, ScoreContext("confident"))
        assert missed_score.value > 2 * confident_score.value
        assert missed_score.components["empty_prediction"] == 1.0
        assert missed_score.components["top_quantile_fallback"] == 0.0  # the blob is the region
        assert missed_score.components["band_voxels"] == 14**3  # 8^3 blob dilated by 3
        assert confident_score.components["empty_prediction"] == 0.0

    def test_without_any_doubtful_voxel_the_most_uncertain_percent_is_used(self) -> None:
        faint = _draws([0.08, 0.06, 0.09, 0.05])  # below the 0.1 threshold: no region at all
        result = score(faint, "mc_dropout", ScoreContext("faint"))
        assert result.components["top_quantile_fallback"] == 1.0
        assert result.components["band_voxels"] == np.ceil(0.01 * 32**3)
        assert result.value > 5 * result.components["bald_whole_volume"]

    def test_the_threshold_is_configurable(self) -> None:
        missed = _draws([0.45, 0.15, 0.4, 0.2])
        off = score(missed, "entropy", ScoreContext("m", band_threshold=1.0))
        assert off.components["top_quantile_fallback"] == 1.0
