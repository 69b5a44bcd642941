"""DICOM series reading on the real TCIA and HippoCrop series, plus altered copies for the failure cases."""

from __future__ import annotations

import random
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from backend.core.errors import BadInput
from backend.ingest.dicom import load_dicom_files, read_header
from tests.ingest.conftest import HIPPOCROP, TCIA_FLAIR, TCIA_MASK, TCIA_T1, copy_folder, dcm_files


def _ras_position(ds: pydicom.Dataset) -> np.ndarray:
    """The slice's first voxel centre in RAS mm, straight from ImagePositionPatient (LPS)."""
    lps = np.array([float(v) for v in ds.ImagePositionPatient])
    return lps * np.array([-1.0, -1.0, 1.0])


def _slice_index(affine: np.ndarray, n_slices: int, position: np.ndarray) -> int:
    """Index of the slice whose first voxel centre is nearest to ``position`` (RAS mm)."""
    centres = [(affine @ np.array([0, 0, k, 1.0]))[:3] for k in range(n_slices)]
    return int(np.argmin([np.linalg.norm(c - position) for c in centres]))


class TestLoadDicomFiles:
    def test_t1post_series_has_readme_grid(self) -> None:
        (vol,) = load_dicom_files(dcm_files(TCIA_T1))
        # README: 320 rows x 260 columns, 0.6875 mm in-plane, 24 slices; X is the column, Y the row.
        assert vol.shape == (260, 320, 24)
        assert vol.spacing == pytest.approx((0.6875, 0.6875, 6.5), abs=1e-4)
        assert vol.modality == "MR"
        assert vol.source_format == "dicom"
        assert vol.patient_key == "PGBM-001"
        assert vol.description == "T1post"
        assert vol.series_number == 11
        assert vol.is_label is False

    def test_slices_follow_position_not_file_name(self) -> None:
        files = dcm_files(TCIA_T1)
        (vol,) = load_dicom_files(files)
        normal = np.cross(vol.affine[:3, 0], vol.affine[:3, 1])
        centres = [vol.affine @ np.array([0, 0, k, 1.0]) for k in range(vol.shape[2])]
        heights = np.array([float(np.dot(normal, c[:3])) for c in centres])
        assert np.all(np.diff(heights) > 0)
        for path in files:
            ds = pydicom.dcmread(path)
            position = _ras_position(ds)
            k = int(np.argmin([np.linalg.norm(c[:3] - position) for c in centres]))
            assert np.linalg.norm(centres[k][:3] - position) < 1e-3
            assert np.array_equal(vol.data[:, :, k], ds.pixel_array.T)

    def test_affine_maps_voxels_like_the_dicom_formula(self) -> None:
        (vol,) = load_dicom_files(dcm_files(TCIA_T1))
        ds = pydicom.dcmread(dcm_files(TCIA_T1)[0])
        iop = np.array([float(v) for v in ds.ImageOrientationPatient])
        row_spacing, col_spacing = (float(v) for v in ds.PixelSpacing)
        k = _slice_index(vol.affine, vol.shape[2], _ras_position(ds))
        column, row = 17, 200
        lps = (
            np.array([float(v) for v in ds.ImagePositionPatient])
            + column * col_spacing * iop[:3]
            + (row * row_spacing * iop[3:])
        )
        expected = lps * np.array([-1.0, -1.0, 1.0])
        assert (vol.affine @ np.array([column, row, k, 1.0]))[:3] == pytest.approx(expected, abs=1e-3)

    def test_axial_series_orientation_codes_are_plausible(self) -> None:
        (vol,) = load_dicom_files(dcm_files(TCIA_T1))
        # Columns run from patient right to left, rows anterior to posterior, slices foot to head.
        assert nib.aff2axcodes(vol.affine) == ("L", "P", "S")

    def test_shuffled_file_order_gives_the_same_volume(self) -> None:
        files = dcm_files(TCIA_FLAIR)
        shuffled = files[:]
        random.Random(7).shuffle(shuffled)
        (a,) = load_dicom_files(files)
        (b,) = load_dicom_files(shuffled)
        assert np.array_equal(a.data, b.data)
        assert np.allclose(a.affine, b.affine)

    def test_identity_rescale_keeps_the_stored_integer_type(self) -> None:
        (vol,) = load_dicom_files(dcm_files(TCIA_FLAIR))  # RescaleSlope 1, RescaleIntercept 0
        assert vol.data.dtype == np.int16

    def test_mask_series_is_a_uint8_label_with_values_0_and_1(self) -> None:
        (mask,) = load_dicom_files(dcm_files(TCIA_MASK))
        assert mask.is_label is True
        assert mask.data.dtype == np.uint8
        assert set(np.unique(mask.data).tolist()) == {0, 1}

    def test_series_of_one_upload_are_split_by_series_uid(self) -> None:
        vols = load_dicom_files(dcm_files(TCIA_T1) + dcm_files(TCIA_MASK) + dcm_files(TCIA_FLAIR))
        assert [v.description for v in vols] == ["T1post", "Mask_Tumor", "FLAIR_reg"]  # by SeriesNumber

    def test_hippocrop_series_load_unlabelled(self) -> None:
        vols = load_dicom_files(sorted(HIPPOCROP.rglob("*.dcm")))
        assert sorted(v.shape for v in vols) == [(34, 50, 40), (35, 51, 32), (36, 48, 35)]
        assert all(not v.is_label and v.spacing == pytest.approx((1.0, 1.0, 1.0)) for v in vols)

    def test_rescale_slope_and_intercept_are_applied_as_float32(self, tmp_path: Path) -> None:
        src = HIPPOCROP / "Study1" / "13_HCropVolume"
        copy = copy_folder(src, tmp_path / "series")
        for path in dcm_files(copy):
            ds = pydicom.dcmread(path)
            ds.RescaleSlope = "2.5"
            ds.RescaleIntercept = "-100"
            ds.save_as(path)
        (raw,) = load_dicom_files(dcm_files(src))
        (vol,) = load_dicom_files(dcm_files(copy))
        assert vol.data.dtype == np.float32
        assert np.allclose(vol.data, raw.data.astype(np.float32) * 2.5 - 100)

    def test_whole_number_rescale_keeps_integers_in_the_narrowest_type(self, tmp_path: Path) -> None:
        """CT's slope 1 / intercept -1024 gives whole Hounsfield units: stored (and sent to the viewer) as int16,
        half the bytes of float32, with the same values."""
        src = HIPPOCROP / "Study1" / "13_HCropVolume"
        copy = copy_folder(src, tmp_path / "series")
        for path in dcm_files(copy):
            ds = pydicom.dcmread(path)
            ds.RescaleSlope = "1"
            ds.RescaleIntercept = "-1024"
            ds.save_as(path)
        (raw,) = load_dicom_files(dcm_files(src))
        (vol,) = load_dicom_files(dcm_files(copy))
        assert raw.data.dtype.kind in "iu" and raw.data.max() > 0
        assert vol.data.dtype == np.int16
        assert np.array_equal(vol.data, raw.data.astype(np.int32) - 1024)

    def test_whole_number_rescale_beyond_int16_keeps_every_value(self, tmp_path: Path) -> None:
        src = HIPPOCROP / "Study1" / "13_HCropVolume"
        copy = copy_folder(src, tmp_path / "series")
        for path in dcm_files(copy):
            ds = pydicom.dcmread(path)
            ds.RescaleSlope = "3000"
            ds.RescaleIntercept = "5"
            ds.save_as(path)
        (raw,) = load_dicom_files(dcm_files(src))
        (vol,) = load_dicom_files(dcm_files(copy))
        expected = raw.data.astype(np.int64) * 3000 + 5
        assert vol.data.dtype == (np.uint16 if expected.max() <= 65535 else np.int32)
        assert np.array_equal(vol.data, expected)

    def test_non_dicom_file_is_refused_by_name(self, tmp_path: Path) -> None:
        fake = tmp_path / "slice_007.dcm"
        fake.write_bytes(b"this is a text file, not a DICOM slice" * 10)
        with pytest.raises(BadInput, match="slice_007.dcm is not a DICOM file"):
            load_dicom_files(dcm_files(TCIA_T1)[:3] + [fake])

    def test_mixed_orientations_are_refused(self, tmp_path: Path) -> None:
        copy = copy_folder(HIPPOCROP / "Study1" / "13_HCropVolume", tmp_path / "series")
        victim = dcm_files(copy)[5]
        ds = pydicom.dcmread(victim)
        ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]
        ds.save_as(victim)
        with pytest.raises(BadInput, match="different ImageOrientationPatient"):
            load_dicom_files(dcm_files(copy))

    def test_missing_middle_slice_is_refused(self) -> None:
        files = dcm_files(TCIA_T1)
        positions = {p: float(pydicom.dcmread(p, stop_before_pixels=True).ImagePositionPatient[2]) for p in files}
        load_order = sorted(files, key=positions.__getitem__)
        with pytest.raises(BadInput, match="not evenly spaced"):
            load_dicom_files(load_order[:10] + load_order[11:])

    def test_two_slices_at_one_position_are_refused(self, tmp_path: Path) -> None:
        copy = copy_folder(HIPPOCROP / "Study1" / "13_HCropVolume", tmp_path / "series")
        files = dcm_files(copy)
        ds = pydicom.dcmread(files[0])
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(tmp_path / "series" / "duplicate.dcm")
        with pytest.raises(BadInput, match="same position"):
            load_dicom_files(dcm_files(copy))


class TestReadHeader:
    def test_reads_grouping_keys_without_pixels(self) -> None:
        header = read_header(dcm_files(TCIA_MASK)[0])
        assert header.key.patient_id == "PGBM-001"
        assert header.description == "Mask_Tumor"
        assert (header.rows, header.columns) == (320, 260)

    def test_empty_file_with_dcm_extension_is_refused(self, tmp_path: Path) -> None:
        empty = tmp_path / "IM0001.dcm"
        empty.write_bytes(b"")
        with pytest.raises(BadInput, match="IM0001.dcm"):
            read_header(empty)
