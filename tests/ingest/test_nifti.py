"""NIfTI reading on MSD hippocampus volumes, including damaged and oversized files."""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.nifti import load_nifti, nifti_stem
from tests.ingest.conftest import MSD, nii

IMAGE = MSD / "imagesTr" / "hippocampus_001.nii.gz"
LABEL = MSD / "labelsTr" / "hippocampus_001.nii.gz"


class TestLoadNifti:
    def test_image_matches_nibabel(self) -> None:
        vol = load_nifti(IMAGE)
        ref = nii(IMAGE)
        assert vol.shape == (35, 51, 35)
        assert np.array_equal(vol.data, np.asanyarray(ref.dataobj))
        assert np.allclose(vol.affine, ref.affine)
        assert vol.data.dtype == np.uint8  # integer images keep their dtype
        assert vol.patient_key == "hippocampus_001"
        assert (vol.source_format, vol.is_label) == ("nifti", False)

    def test_float_image_stays_float32(self) -> None:
        path = next(p for p in sorted((MSD / "imagesTr").glob("*.nii.gz")) if nii(p).get_data_dtype() == "f4")
        assert load_nifti(path).data.dtype == np.float32

    def test_label_is_uint8_with_hippocampus_values(self) -> None:
        vol = load_nifti(LABEL, as_label=True)
        assert vol.is_label is True
        assert vol.data.dtype == np.uint8
        assert set(np.unique(vol.data).tolist()) == {0, 1, 2}

    def test_truncated_gzip_is_refused_with_a_clear_message(self, tmp_path: Path) -> None:
        blob = IMAGE.read_bytes()
        cut = tmp_path / "hippocampus_001.nii.gz"
        cut.write_bytes(blob[: len(blob) // 2])
        with pytest.raises(BadInput, match="hippocampus_001.nii.gz is truncated or corrupt"):
            load_nifti(cut)

    def test_uncompressed_file_with_short_data_is_refused(self, tmp_path: Path) -> None:
        full = tmp_path / "full.nii"
        nib.save(nii(IMAGE), full)
        short = tmp_path / "short.nii"
        short.write_bytes(full.read_bytes()[:-1000])
        with pytest.raises(BadInput, match="short.nii is truncated or corrupt"):
            load_nifti(short)

    def test_text_file_named_nifti_is_refused(self, tmp_path: Path) -> None:
        fake = tmp_path / "notes.nii.gz"
        fake.write_text("not an image")
        with pytest.raises(BadInput, match="notes.nii.gz is not a readable NIfTI") as info:
            load_nifti(fake)
        assert str(tmp_path) not in info.value.detail  # server paths never reach the user

    def test_4d_with_one_volume_is_squeezed(self, tmp_path: Path) -> None:
        path = tmp_path / "one_volume.nii.gz"
        nib.save(nib.Nifti1Image(np.ones((4, 5, 6, 1), np.float32), np.eye(4)), path)
        assert load_nifti(path).shape == (4, 5, 6)

    def test_real_4d_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "timeseries.nii.gz"
        nib.save(nib.Nifti1Image(np.ones((4, 5, 6, 3), np.float32), np.eye(4)), path)
        with pytest.raises(BadInput, match="4D"):
            load_nifti(path)

    def test_label_with_fractional_values_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "soft.nii.gz"
        nib.save(nib.Nifti1Image(np.full((4, 5, 6), 0.5, np.float32), np.eye(4)), path)
        with pytest.raises(BadInput, match="non-integer"):
            load_nifti(path, as_label=True)

    def test_huge_declared_shape_is_refused_before_reading(self, tmp_path: Path) -> None:
        small = nib.Nifti1Image(np.zeros((2, 2, 2), np.uint8), np.eye(4))
        small.header.set_data_shape((4000, 4000, 4000))
        path = tmp_path / "bomb.nii"
        path.write_bytes(small.header.binaryblock + b"\0" * 4 + b"\0" * 8)
        with pytest.raises(PayloadTooLarge, match="voxels"):
            load_nifti(path)


class TestNiftiStem:
    def test_strips_double_extension(self) -> None:
        assert nifti_stem(Path("labelsTr/hippocampus_001.nii.gz")) == "hippocampus_001"
        assert nifti_stem(Path("case.NII")) == "case"
