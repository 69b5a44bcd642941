from __future__ import annotations

import numpy as np
import pytest

from worker.ml.uncertainty import (
    aggregate_band,
    aggregation_region,
    band_mask,
    entropy,
    mutual_information,
    top_quantile_mean,
)


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

    def test_empty_region_falls_back_to_the_most_uncertain_percent(self) -> None:
        voxel_map = np.zeros((10, 10, 10), dtype=np.float32)
        voxel_map[0, 0, :] = 1.0  # 10 voxels: exactly the top 1% of 1000
        value, voxels, fallback = aggregate_band(voxel_map, np.zeros(voxel_map.shape, dtype=np.uint8), 3)
        assert value == pytest.approx(1.0) and value > 50 * voxel_map.mean()
        assert (voxels, fallback) == (10, True)

    def test_top_quantile_keeps_at_least_one_voxel(self) -> None:
        assert top_quantile_mean(np.arange(8, dtype=np.float32).reshape(2, 2, 2)) == (7.0, 1)


class TestAggregationRegion:
    def test_doubtful_background_joins_the_predicted_foreground_before_dilation(self) -> None:
        mask = np.zeros((12, 12, 12), dtype=np.uint8)
        mask[2, 2, 2] = 1
        foreground = np.full(mask.shape, 0.01, dtype=np.float32)
        foreground[8, 8, 8] = 0.3  # argmax says background, but the model is far from sure
        probs = np.stack([1 - foreground, foreground])
        region = aggregation_region(mask, 1, probs, threshold=0.1)
        assert region.sum() == 2 * 3**3 and region[9, 9, 9] and region[1, 1, 1]
        assert aggregation_region(mask, 1, probs, threshold=0.5).sum() == 3**3
        assert aggregation_region(mask, 1).sum() == 3**3  # without probabilities: the mask alone

    def test_an_empty_mask_with_a_doubtful_blob_is_scored_on_the_blob(self) -> None:
        foreground = np.full((20, 20, 20), 0.001, dtype=np.float32)
        foreground[8:12, 8:12, 8:12] = 0.4
        probs = np.stack([1 - foreground, foreground])
        voxel_map = entropy(probs)
        value, voxels, fallback = aggregate_band(voxel_map, np.zeros((20, 20, 20), np.uint8), 0, probs, 0.1)
        assert (voxels, fallback) == (4**3, False)
        assert value == pytest.approx(float(voxel_map[10, 10, 10]), rel=1e-5) and value > 10 * voxel_map.mean()
