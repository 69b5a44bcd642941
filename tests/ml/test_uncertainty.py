from __future__ import annotations

import numpy as np
import pytest

from worker.ml.uncertainty import aggregate_band, band_mask, entropy, mutual_information


def _probs(*distributions: list[float]) -> np.ndarray:
    """(C, N, 1, 1) probabilities from N class distributions."""
    return np.asarray(distributions, dtype=np.float32).T[:, :, None, None]


class TestEntropy:
    def test_uniform_is_more_uncertain_than_confident(self) -> None:
        values = entropy(_probs([1 / 3, 1 / 3, 1 / 3], [0.98, 0.01, 0.01]))
        assert values[0, 0, 0] > values[1, 0, 0]

    def test_uniform_reaches_log_of_class_count(self) -> None:
        assert entropy(_probs([0.25] * 4))[0, 0, 0] == pytest.approx(np.log(4), rel=1e-5)

    def test_one_hot_has_zero_entropy(self) -> None:
        assert entropy(_probs([0.0, 1.0, 0.0]))[0, 0, 0] == pytest.approx(0.0, abs=1e-6)


class TestMutualInformation:
    def test_identical_heads_give_zero(self) -> None:
        head = _probs([0.6, 0.3, 0.1], [0.2, 0.2, 0.6])
        assert np.allclose(mutual_information(np.stack([head] * 4)), 0.0, atol=1e-6)

    def test_disagreeing_heads_give_positive_divergence(self) -> None:
        heads = np.stack([_probs([0.9, 0.05, 0.05]), _probs([0.05, 0.9, 0.05])])
        assert mutual_information(heads)[0, 0, 0] > 0.4

    def test_equals_mean_kl_of_each_head_to_the_mean(self) -> None:
        heads = np.stack([_probs([0.7, 0.2, 0.1]), _probs([0.3, 0.3, 0.4]), _probs([0.1, 0.8, 0.1])])
        mean = heads.mean(axis=0)
        mean_kl = (heads * np.log(heads / mean)).sum(axis=1).mean(axis=0)
        assert mutual_information(heads)[0, 0, 0] == pytest.approx(mean_kl[0, 0, 0], rel=1e-4)


class TestBandMask:
    def test_dilates_by_the_band_width(self) -> None:
        mask = np.zeros((9, 9, 9), dtype=np.uint8)
        mask[4, 4, 4] = 1
        assert band_mask(mask, 2).sum() == 5**3

    def test_does_not_dilate_along_singleton_axis_of_2d_image(self) -> None:
        mask = np.zeros((9, 9, 1), dtype=np.uint8)
        mask[4, 4, 0] = 2
        assert band_mask(mask, 1).sum() == 9


class TestAggregateBand:
    def test_band_mean_ignores_uncertain_background_outside_the_band(self) -> None:
        mask = np.zeros((20, 20, 20), dtype=np.uint8)
        mask[8:12, 8:12, 8:12] = 1
        voxel_map = np.full(mask.shape, 0.9, dtype=np.float32)
        band = band_mask(mask, 1)
        voxel_map[band] = 0.1
        value, voxels, fallback = aggregate_band(voxel_map, mask, 1)
        assert value == pytest.approx(0.1)
        assert voxels == 6**3
        assert not fallback

    def test_uncertain_band_scores_higher_than_whole_volume_mean(self) -> None:
        mask = np.zeros((20, 20, 20), dtype=np.uint8)
        mask[8:12, 8:12, 8:12] = 1
        voxel_map = np.zeros(mask.shape, dtype=np.float32)
        voxel_map[7:13, 7:13, 7:13] = 1.0
        value, _, _ = aggregate_band(voxel_map, mask, 1)
        assert value == pytest.approx(1.0)
        assert value > voxel_map.mean()

    def test_empty_prediction_falls_back_to_whole_volume(self) -> None:
        voxel_map = np.arange(8, dtype=np.float32).reshape(2, 2, 2)
        value, voxels, fallback = aggregate_band(voxel_map, np.zeros((2, 2, 2), dtype=np.uint8), 3)
        assert value == pytest.approx(3.5)
        assert (voxels, fallback) == (8, True)
