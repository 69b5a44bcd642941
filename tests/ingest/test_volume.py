"""Volume helpers: grid comparison, label value checks and the stored NIfTI types."""

from __future__ import annotations

import numpy as np
import pytest

from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.volume import LoadedVolume, check_label_values, check_voxel_count, same_grid, to_nifti


def _vol(data: np.ndarray, affine: np.ndarray | None = None, is_label: bool = False) -> LoadedVolume:
    return LoadedVolume(
        data=data,
        affine=np.diag([0.5, 0.5, 2.0, 1.0]) if affine is None else affine,
        modality="MR",
        source_format="nifti",
        patient_key="p1",
        study_uid=None,
        series_uid=None,
        description="vol.nii.gz",
        series_number=None,
        is_label=is_label,
    )


class TestSameGrid:
    def test_rounding_below_a_tenth_of_a_voxel_is_the_same_grid(self) -> None:
        a = _vol(np.zeros((4, 5, 6)))
        b = _vol(np.zeros((4, 5, 6)), a.affine + 1e-4)
        assert same_grid(a, b)

    def test_shift_of_half_a_voxel_is_another_grid(self) -> None:
        a = _vol(np.zeros((4, 5, 6)))
        shifted = a.affine.copy()
        shifted[0, 3] += 0.25
        assert not same_grid(a, _vol(np.zeros((4, 5, 6)), shifted))

    def test_different_shape_is_another_grid(self) -> None:
        assert not same_grid(_vol(np.zeros((4, 5, 6))), _vol(np.zeros((4, 5, 7))))


class TestCheckLabelValues:
    def test_values_outside_the_project_labels_are_refused(self) -> None:
        label = _vol(np.array([0, 1, 3], np.uint8).reshape(3, 1, 1), is_label=True)
        with pytest.raises(BadInput, match=r"values \[3\]"):
            check_label_values(label, {1, 2})

    def test_project_values_and_background_pass(self) -> None:
        label = _vol(np.array([0, 1, 2], np.uint8).reshape(3, 1, 1), is_label=True)
        check_label_values(label, {1, 2})
        assert label.data.max() == 2


class TestCheckVoxelCount:
    def test_oversized_shape_is_payload_too_large(self) -> None:
        with pytest.raises(PayloadTooLarge):
            check_voxel_count((1000, 1000, 1000), "scan", max_voxels=10**8)

    def test_empty_dimension_is_bad_input(self) -> None:
        with pytest.raises(BadInput, match="empty dimension"):
            check_voxel_count((10, 0, 3), "scan")


class TestToNifti:
    def test_float64_image_is_stored_as_float32(self) -> None:
        img = to_nifti(_vol(np.random.default_rng(0).random((4, 5, 6))))
        assert img.get_data_dtype() == np.float32
        assert img.header.get_zooms() == pytest.approx((0.5, 0.5, 2.0))

    def test_int16_image_keeps_its_type(self) -> None:
        assert to_nifti(_vol(np.zeros((4, 5, 6), np.int16))).get_data_dtype() == np.int16

    def test_label_is_stored_as_uint8_with_label_intent(self) -> None:
        img = to_nifti(_vol(np.ones((4, 5, 6), np.int32), is_label=True))
        assert img.get_data_dtype() == np.uint8
        assert img.header.get_intent()[0] == "label"
