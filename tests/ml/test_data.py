from __future__ import annotations

import numpy as np
import pytest

from worker.ml.config import TrainConfig
from worker.ml.data import (
    Sample,
    crop_to_shape,
    from_network_space,
    pad_to_multiple,
    prepare_label,
    random_crop,
    to_network_space,
)


class TestSample:
    def test_label_of_another_shape_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="label shape"):
            Sample("p1", np.zeros((4, 4, 4), np.float32), np.zeros((4, 4, 3), np.uint8))

    def test_2d_array_is_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"\(X, Y, Z\)"):
            Sample("p1", np.zeros((4, 4), np.float32))


class TestPadToMultiple:
    def test_pads_spatial_axes_up_and_crop_restores_them(self) -> None:
        array = np.random.default_rng(0).random((1, 35, 51, 16))
        padded, original = pad_to_multiple(array, 16)
        assert padded.shape == (1, 48, 64, 32)
        assert original == (35, 51, 16)
        assert np.array_equal(crop_to_shape(padded, original), array)


class TestNetworkSpace:
    def test_2d_image_is_squeezed_and_restored(self) -> None:
        array = np.zeros((2, 5, 6, 1))
        assert to_network_space(array, 2).shape == (2, 5, 6)
        assert from_network_space(to_network_space(array, 2), 2).shape == (2, 5, 6, 1)

    def test_2d_network_rejects_a_real_volume(self) -> None:
        with pytest.raises(ValueError, match="2D network"):
            to_network_space(np.zeros((5, 6, 3)), 2)


class TestPrepareLabel:
    def test_value_beyond_num_classes_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="label values"):
            prepare_label(np.full((2, 2, 2), 3, np.uint8), TrainConfig(num_classes=3))


class TestRandomCrop:
    def test_small_volume_is_padded_to_the_patch(self) -> None:
        image, label = np.ones((1, 10, 40, 20), np.float32), np.ones((1, 10, 40, 20), np.int64)
        out_image, out_label = random_crop(image, label, (32, 32, 32), np.random.default_rng(0))
        assert out_image.shape == out_label.shape == (1, 32, 32, 32)
        assert out_label[:, 10:].sum() == 0
