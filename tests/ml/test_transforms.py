from __future__ import annotations

import numpy as np
import pytest

from worker.ml.transforms import (
    ClipHU,
    PercentileZScore,
    clip_hu_scale,
    normalize_intensity,
    percentile_zscore,
)


class TestPercentileZscore:
    def test_output_has_zero_mean_unit_std(self) -> None:
        image = np.random.default_rng(0).gamma(2.0, 100.0, (20, 20, 20))
        out = percentile_zscore(image)
        assert out.dtype == np.float32
        assert abs(float(out.mean())) < 1e-4
        assert float(out.std()) == pytest.approx(1.0, rel=1e-4)

    def test_outlier_is_clipped_to_the_upper_percentile(self) -> None:
        image = np.random.default_rng(1).normal(100.0, 10.0, (10, 10, 10))
        image[0, 0, 0] = 1e6
        out = percentile_zscore(image)
        assert out[0, 0, 0] == pytest.approx(out.max())
        assert out.max() < 5.0

    def test_constant_image_becomes_zeros(self) -> None:
        assert not percentile_zscore(np.full((4, 4, 4), 7.0)).any()

    def test_callable_matches_function(self) -> None:
        image = np.random.default_rng(2).random((5, 5, 5))
        assert np.array_equal(PercentileZScore(1.0, 99.0)(image), percentile_zscore(image, 1.0, 99.0))


class TestClipHuScale:
    def test_window_maps_to_unit_interval(self) -> None:
        out = clip_hu_scale(np.array([-2000.0, -1000.0, 0.0, 1000.0, 3000.0]), (-1000.0, 1000.0))
        assert out.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]

    def test_inverted_window_is_rejected(self) -> None:
        with pytest.raises(ValueError):
            ClipHU(100.0, -100.0)


class TestNormalizeIntensity:
    @pytest.mark.parametrize(("modality", "expected_max"), [("CT", 1.0), ("ct", 1.0)], ids=["CT", "lowercase"])
    def test_ct_uses_hu_window(self, modality: str, expected_max: float) -> None:
        assert normalize_intensity(np.array([0.0, 5000.0]), modality).max() == expected_max

    def test_mr_uses_zscore(self) -> None:
        out = normalize_intensity(np.random.default_rng(3).random((6, 6, 6)) * 1000, "MR")
        assert abs(float(out.mean())) < 1e-4
