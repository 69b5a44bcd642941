"""Multi-frame DICOM: enhanced MR (functional groups), RT dose grids and cine/secondary-capture frame stacks."""

from __future__ import annotations

from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest

from backend.core.errors import BadInput
from backend.ingest.dicom import load_dicom_files
from backend.ingest.plan import plan_import
from backend.ingest.volume import to_nifti
from tests.ingest.conftest import TCIA_T1, dcm_files
from tests.ingest.dicom_factory import LPS_TO_RAS, enhanced_mr, t1_datasets

PYDICOM_FILES = Path(pydicom.__file__).parent / "data" / "test_files"


@pytest.fixture(scope="module")
def enhanced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The T1post series as one enhanced multi-frame instance, its frames written in a shuffled order."""
    return enhanced_mr(t1_datasets(seed=7), tmp_path_factory.mktemp("enhanced") / "t1_enhanced.dcm")


class TestEnhancedMultiFrame:
    def test_equals_the_single_frame_series_voxel_for_voxel(self, enhanced: Path) -> None:
        (multi,) = load_dicom_files([enhanced])
        (single,) = load_dicom_files(dcm_files(TCIA_T1))
        assert multi.shape == single.shape == (260, 320, 24)
        np.testing.assert_allclose(multi.affine, single.affine, atol=1e-4)
        assert multi.data.dtype == single.data.dtype
        assert np.array_equal(multi.data, single.data)
        assert multi.modality == "MR" and multi.series_number == 11

    def test_affine_agrees_with_highdicom_volume_geometry(self, enhanced: Path) -> None:
        """highdicom indexes (slice, row, column) in LPS; ours is (column, row, slice) in RAS."""
        (multi,) = load_dicom_files([enhanced])
        volume = hd.imread(str(enhanced)).get_volume(dtype=np.float64)
        ours = LPS_TO_RAS @ multi.affine
        np.testing.assert_allclose(ours[:3, 0], volume.affine[:3, 2], atol=1e-4)  # along a row: next column
        np.testing.assert_allclose(ours[:3, 1], volume.affine[:3, 1], atol=1e-4)  # next row
        assert np.allclose(np.abs(ours[:3, 2]), np.abs(volume.affine[:3, 0]), atol=1e-3)
        # Every voxel of highdicom's array is ours at the same world position.
        for s, r, c in [(0, 0, 0), (23, 319, 259), (11, 150, 100), (5, 17, 230)]:
            world = volume.affine @ np.array([s, r, c, 1.0])
            i, j, k = np.rint(np.linalg.solve(ours, world)[:3]).astype(int)
            assert multi.data[i, j, k] == volume.array[s, r, c]

    def test_frames_are_ordered_by_position_not_by_frame_number(self, enhanced: Path) -> None:
        (multi,) = load_dicom_files([enhanced])
        assert multi.source_frames is not None
        numbers = [f.frame_number for f in multi.source_frames]
        assert sorted(n or 0 for n in numbers) == list(range(1, 25))
        assert numbers != sorted(numbers, key=lambda n: n or 0)  # the converter kept the shuffled order
        ds = pydicom.dcmread(enhanced, stop_before_pixels=True)
        lps = LPS_TO_RAS @ multi.affine
        for k, frame in enumerate(multi.source_frames):
            item = ds.PerFrameFunctionalGroupsSequence[(frame.frame_number or 1) - 1]
            ipp = np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
            np.testing.assert_allclose(lps[:3, 3] + k * lps[:3, 2], ipp, atol=1e-3)

    def test_the_one_instance_is_the_header(self, enhanced: Path) -> None:
        (multi,) = load_dicom_files([enhanced], lazy=True)
        headers = multi.dicom_headers
        assert headers is not None and len(headers) == 1
        assert headers[0].NumberOfFrames == 24
        assert "PixelData" not in headers[0]
        assert headers[0].SOPInstanceUID == multi.source_frames[0].sop_instance_uid  # type: ignore[index]

    def test_stored_as_nifti_like_any_volume(self, enhanced: Path, tmp_path: Path) -> None:
        (patient,) = plan_import([enhanced], workdir=tmp_path / "work")
        (image,) = patient.studies[0].images
        nifti = to_nifti(image)
        assert nifti.shape == (260, 320, 24)
        np.testing.assert_allclose(nifti.affine, image.affine, atol=1e-5)

    def test_two_frames_at_one_position_are_refused(self, tmp_path: Path) -> None:
        datasets = t1_datasets()
        twin = pydicom.dcmread(dcm_files(TCIA_T1)[3])
        twin.SOPInstanceUID = pydicom.uid.generate_uid()
        path = enhanced_mr([*datasets, twin], tmp_path / "echoes.dcm")
        with pytest.raises(BadInput, match=r"frame \d+ of echoes.dcm and frame \d+ of echoes.dcm lie at the same"):
            load_dicom_files([path])


class TestLegacyMultiFrame:
    def test_rt_dose_grid_follows_grid_frame_offsets_in_gray(self) -> None:
        path = PYDICOM_FILES / "rtdose.dcm"
        ds = pydicom.dcmread(path)
        (dose,) = load_dicom_files([path])
        assert dose.shape == (ds.Columns, ds.Rows, ds.NumberOfFrames)
        lps = LPS_TO_RAS @ dose.affine
        offsets = [float(v) for v in ds.GridFrameOffsetVector]
        np.testing.assert_allclose(lps[:3, 2], [0, 0, offsets[1] - offsets[0]], atol=1e-6)
        np.testing.assert_allclose(lps[:3, 3], [float(v) for v in ds.ImagePositionPatient], atol=1e-6)
        expected = ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)
        np.testing.assert_allclose(dose.data, expected.transpose(2, 1, 0), rtol=1e-6)

    def test_cine_frames_are_stacked_in_stored_order(self) -> None:
        path = PYDICOM_FILES / "examples_ybr_color.dcm"
        ds = pydicom.dcmread(path)
        (cine,) = load_dicom_files([path])
        assert cine.shape == (ds.Columns, ds.Rows, ds.NumberOfFrames) == (320, 240, 30)
        luminance = ds.pixel_array.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        for k in (0, 13, 29):
            np.testing.assert_allclose(cine.data[:, :, k], luminance[k].T, rtol=1e-6)
        headers = cine.dicom_headers
        assert headers is not None and len(headers) == 1

    def test_compressed_syntax_without_a_decoder_is_refused_by_name(self, tmp_path: Path) -> None:
        ds = pydicom.dcmread(PYDICOM_FILES / "MR_small.dcm")
        ds.file_meta.TransferSyntaxUID = pydicom.uid.MPEG4HP41
        ds.PixelData = pydicom.encaps.encapsulate([b"\x00\x00\x01\xb3" + bytes(60)])  # a stand-in video stream
        ds.save_as(tmp_path / "video.dcm", enforce_file_format=False)
        with pytest.raises(BadInput, match=r"video.dcm: .*MPEG-4 AVC/H.264 High Profile / Level 4.1.*not supported"):
            load_dicom_files([tmp_path / "video.dcm"])
