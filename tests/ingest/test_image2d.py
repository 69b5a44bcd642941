"""2D images (CVC-ClinicDB JPEG frames, ISBI PNG slices) become (X, Y, 1) volumes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backend.core.errors import BadInput
from backend.ingest.image2d import load_image2d
from tests.ingest.conftest import ISBI, POLYP


class TestLoadImage2d:
    def test_rgb_frame_becomes_luminance_x_y_1(self) -> None:
        path = POLYP / "images" / "1.jpg"
        vol = load_image2d(path)
        rgb = np.asarray(Image.open(path), dtype=np.float32)
        assert vol.shape == (rgb.shape[1], rgb.shape[0], 1)
        assert vol.data.dtype == np.float32
        luminance = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
        assert np.allclose(vol.data[:, :, 0], luminance.T, atol=1e-3)
        assert np.array_equal(vol.affine, np.eye(4))
        assert (vol.patient_key, vol.source_format, vol.is_label) == ("1", "image2d", False)

    def test_jpeg_mask_is_binarised_above_127(self) -> None:
        path = POLYP / "masks" / "1.jpg"
        vol = load_image2d(path, as_label=True)
        grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32)
        assert vol.data.dtype == np.uint8
        assert set(np.unique(vol.data).tolist()) == {0, 1}
        # Luminance may differ from Pillow's rounded "L" by one grey level at the threshold only.
        assert np.mean(vol.data[:, :, 0] == (grey.T > 127)) > 0.999

    def test_png_label_0_255_becomes_0_1(self) -> None:
        vol = load_image2d(ISBI / "label" / "0.png", as_label=True)
        assert vol.shape == (512, 512, 1)
        assert set(np.unique(vol.data).tolist()) == {0, 1}

    def test_png_index_mask_keeps_its_label_values(self, tmp_path: Path) -> None:
        values = np.zeros((20, 30), np.uint8)
        values[5:10, 5:10], values[12:15, 20:25] = 1, 2
        path = tmp_path / "index.png"
        Image.fromarray(values).save(path)
        vol = load_image2d(path, as_label=True)
        assert np.array_equal(vol.data[:, :, 0], values.T)

    def test_unreadable_image_is_refused_by_name(self, tmp_path: Path) -> None:
        path = tmp_path / "frame_12.png"
        path.write_bytes(b"\x89PNG garbage")
        with pytest.raises(BadInput, match="frame_12.png is not a readable"):
            load_image2d(path)
