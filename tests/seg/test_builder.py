"""The SEG writer on real DICOM, without the API: every source order, both slice directions, every label.

Proof by two independent read-backs of the written file (highdicom, not Radloop's writer): per source instance
against the TCIA tumour-mask series' own pixel data at the same ImagePositionPatient, and as a volume resampled
onto the stored NIfTI grid through the SEG's plane positions. Every written file is validated with dciodvfy.
"""

from __future__ import annotations

import copy
import random
import warnings
from datetime import UTC, datetime
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest

from backend.core.errors import Conflict
from backend.ingest.dicom import load_dicom_files
from backend.ingest.volume import LoadedVolume
from backend.seg import builder
from backend.seg.coding import project_codings
from tests.seg.conftest import (
    MASK_DIR,
    T1_DIR,
    dciodvfy,
    dcm_files,
    mask_by_position,
    seg_frames_by_source,
    seg_on_grid,
)

LABELS = [
    {"value": 1, "name": "tumour", "color": "#ff0000"},
    {"value": 2, "name": "oedema", "color": "#00ff00"},
    {"value": 5, "name": "cavity", "color": "#0000ff"},
]
EDITED = builder.SegProvenance(
    annotation_version=3,
    source="human",
    reader="reader-0123abcd",
    model_version="7d1e5a7c-0000-4000-8000-000000000001",
    round_number=2,
    strategy="entropy",
    time_spent_s=312.4,
    created_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC),
)
DRAWN = builder.SegProvenance(
    annotation_version=1,
    source="human",
    reader="reader-0123abcd",
    model_version=None,
    round_number=None,
    strategy=None,
    time_spent_s=95.0,
    created_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC),
)


def _load(image_dir: Path, mask_dir: Path) -> tuple[LoadedVolume, np.ndarray]:
    """The image volume and its mask exactly as the importer stores them (Radloop's DICOM reader)."""
    volumes = load_dicom_files(dcm_files(image_dir) + dcm_files(mask_dir))
    [image] = [v for v in volumes if not v.is_label]
    [label] = [v for v in volumes if v.is_label]
    return image, np.asarray(label.data, dtype=np.uint8)


def _headers(image_dir: Path, order: str) -> list[pydicom.Dataset]:
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in dcm_files(image_dir)]
    if order == "shuffled":
        random.Random(7).shuffle(headers)
    elif order == "reversed":
        headers.reverse()
    return headers


def _write(seg: hd.seg.Segmentation, path: Path) -> hd.seg.Segmentation:
    seg.save_as(path, enforce_file_format=True)
    return hd.seg.segread(path)


def _multi_label(mask: np.ndarray) -> np.ndarray:
    """The tumour mask plus two more labels drawn on the stored grid (one overlapping slices the tumour is on)."""
    out = mask.copy()
    out[20:60, 30:50, 2:7] = 2
    out[100:110, 200:230, 15:18] = 5
    return out


def _check_against_mask_series(seg: hd.seg.Segmentation, headers: list[pydicom.Dataset], mask_dir: Path) -> int:
    """Every source instance's SEG frame equals the tumour-mask series' pixels at the same position."""
    reference = mask_by_position(dcm_files(mask_dir))
    frames = seg_frames_by_source(seg, headers)
    labelled = 0
    for ds in headers:
        expected = reference[tuple(round(float(v), 2) for v in ds.ImagePositionPatient)]
        np.testing.assert_array_equal(frames[str(ds.SOPInstanceUID)] > 0, expected > 0)
        labelled += int(np.count_nonzero(expected))
    return labelled


@pytest.mark.parametrize("order", ["file", "shuffled", "reversed"])
def test_seg_matches_the_mask_series_in_any_source_order(tmp_path: Path, order: str) -> None:
    image, mask = _load(T1_DIR, MASK_DIR)
    headers = _headers(T1_DIR, order)
    seg = builder.build_segmentation(
        mask=mask,
        affine=image.affine,
        source_headers=headers,
        codings=project_codings(LABELS),
        provenance=DRAWN,
        uids=builder.derived_uids("annotation-1", "pacs"),
    )
    back = _write(seg, tmp_path / "seg.dcm")
    assert _check_against_mask_series(back, headers, MASK_DIR) == int(np.count_nonzero(mask)) > 800
    np.testing.assert_array_equal(seg_on_grid(back, mask.shape, image.affine), mask)
    assert [s.SegmentLabel for s in back.SegmentSequence] == ["tumour"]  # only labels present become segments
    errors, _ = dciodvfy(tmp_path / "seg.dcm")
    assert errors == []


def test_flipped_series_every_label_voxel_for_voxel(tmp_path: Path, flipped_study: Path) -> None:
    """Rows stored bottom-up and the slice normal reversed: the stored grid runs the other way in two axes."""
    image, mask = _load(flipped_study / "T1post", flipped_study / "MaskTumor")
    assert np.linalg.det(image.affine[:3, :3]) * np.linalg.det(_load(T1_DIR, MASK_DIR)[0].affine[:3, :3]) > 0
    labels = _multi_label(mask)
    headers = _headers(flipped_study / "T1post", "file")  # shuffled file names: not in slice order
    positions = [
        float(np.dot(np.cross(*np.reshape(ds.ImageOrientationPatient, (2, 3))), ds.ImagePositionPatient))
        for ds in headers
    ]
    assert positions != sorted(positions) and positions != sorted(positions, reverse=True)
    seg = builder.build_segmentation(
        mask=labels,
        affine=image.affine,
        source_headers=headers,
        codings=project_codings(LABELS),
        provenance=EDITED,
        uids=builder.derived_uids("annotation-2", "pacs"),
    )
    back = _write(seg, tmp_path / "seg.dcm")
    assert [s.SegmentLabel for s in back.SegmentSequence] == ["tumour", "oedema", "cavity"]
    on_grid = seg_on_grid(back, labels.shape, image.affine)
    for value in (1, 2, 5):
        np.testing.assert_array_equal(on_grid == value, labels == value, err_msg=f"label {value}")
    # and against the flipped mask series itself, slice by slice (label 1 where 2 and 5 did not overwrite it)
    frames = seg_frames_by_source(back, headers)
    reference = mask_by_position(dcm_files(flipped_study / "MaskTumor"))
    for ds in headers:
        expected = reference[tuple(round(float(v), 2) for v in ds.ImagePositionPatient)] > 0
        got = frames[str(ds.SOPInstanceUID)]
        assert np.all(got[expected & (got != 2) & (got != 3)] == 1)
    errors, _ = dciodvfy(tmp_path / "seg.dcm")
    assert errors == []


def test_provenance_semiautomatic_and_manual(tmp_path: Path) -> None:
    image, mask = _load(T1_DIR, MASK_DIR)
    headers = _headers(T1_DIR, "file")
    codings = project_codings(LABELS)
    edited = builder.build_segmentation(
        mask=mask,
        affine=image.affine,
        source_headers=headers,
        codings=codings,
        provenance=EDITED,
        uids=builder.derived_uids("annotation-3", "pacs"),
    )
    [segment] = edited.SegmentSequence
    assert segment.SegmentAlgorithmType == "SEMIAUTOMATIC"
    [algorithm] = segment.SegmentationAlgorithmIdentificationSequence
    assert (algorithm.AlgorithmName, algorithm.AlgorithmVersion) == ("Radloop UNet++", EDITED.model_version)
    assert "round=2" in algorithm.AlgorithmParameters and "strategy=entropy" in algorithm.AlgorithmParameters
    assert str(edited.ContentCreatorName) == "reader-0123abcd^"
    radloop = [e for e in edited.ContributingEquipmentSequence if e.Manufacturer == "Radloop"]
    assert len(radloop) == 1
    description = radloop[0].ContributionDescription
    assert "reader-0123abcd" in description and "active time 312 s" in description and "round 2" in description
    assert edited.SeriesDescription == "Radloop SEG v3 (edited model prediction, round 2)"
    assert segment.SegmentedPropertyCategoryCodeSequence[0].CodeValue == "49755003"
    assert segment.SegmentedPropertyTypeCodeSequence[0].CodeValue == "108369006"

    drawn = builder.build_segmentation(
        mask=mask,
        affine=image.affine,
        source_headers=headers,
        codings=codings,
        provenance=DRAWN,
        uids=builder.derived_uids("annotation-4", "pacs"),
    )
    assert drawn.SegmentSequence[0].SegmentAlgorithmType == "MANUAL"
    assert "SegmentationAlgorithmIdentificationSequence" not in drawn.SegmentSequence[0]
    assert drawn.SeriesDescription == "Radloop SEG v1 (human label)"
    drawn.save_as(tmp_path / "manual.dcm", enforce_file_format=True)
    assert dciodvfy(tmp_path / "manual.dcm")[0] == []


def test_uids_are_derived_from_the_annotation_and_variant() -> None:
    first, again = builder.derived_uids("a1", "pacs"), builder.derived_uids("a1", "pacs")
    assert first == again
    others = [builder.derived_uids("a1", "deidentified"), builder.derived_uids("a2", "pacs")]
    uids = {first.series_instance_uid, first.sop_instance_uid}
    for other in others:
        assert not uids & {other.series_instance_uid, other.sop_instance_uid}
    assert all(len(uid) <= 64 for uid in uids)


def test_empty_mask_writes_every_label_as_an_empty_segment(tmp_path: Path) -> None:
    image, mask = _load(T1_DIR, MASK_DIR)
    seg = builder.build_segmentation(
        mask=np.zeros_like(mask),
        affine=image.affine,
        source_headers=_headers(T1_DIR, "file"),
        codings=project_codings(LABELS),
        provenance=DRAWN,
        uids=builder.derived_uids("annotation-5", "pacs"),
    )
    back = _write(seg, tmp_path / "empty.dcm")
    assert [s.SegmentLabel for s in back.SegmentSequence] == ["tumour", "oedema", "cavity"]
    assert not np.any(
        seg_frames_by_source(back, _headers(T1_DIR, "file"))[str(_headers(T1_DIR, "file")[0].SOPInstanceUID)]
    )


def test_headers_off_the_stored_grid_are_refused() -> None:
    image, mask = _load(T1_DIR, MASK_DIR)
    headers = _headers(T1_DIR, "file")
    moved = copy.deepcopy(headers[3])
    moved.ImagePositionPatient = [float(v) + 0.3 for v in moved.ImagePositionPatient]  # half a 0.69 mm pixel
    with pytest.raises(Conflict, match="not on the source series' grid"):
        builder.build_segmentation(
            mask=mask,
            affine=image.affine,
            source_headers=[*headers[:3], moved, *headers[4:]],
            codings=project_codings(LABELS),
            provenance=DRAWN,
            uids=builder.derived_uids("a", "pacs"),
        )
    with pytest.raises(Conflict, match="outside the stored volume"):
        builder.build_segmentation(
            mask=mask[:, :, :10],
            affine=image.affine,
            source_headers=headers,
            codings=project_codings(LABELS),
            provenance=DRAWN,
            uids=builder.derived_uids("a", "pacs"),
        )


def test_enhanced_multi_frame_source(tmp_path: Path) -> None:
    """One Legacy Converted Enhanced MR instance (highdicom's conversion of the shuffled T1post slices): the SEG
    references its frames, and its voxels are the stored mask's."""
    datasets = [pydicom.dcmread(p) for p in dcm_files(T1_DIR)]
    random.Random(11).shuffle(datasets)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        enhanced = hd.legacy.LegacyConvertedEnhancedMRImage(
            legacy_datasets=datasets,
            series_instance_uid=hd.UID(),
            series_number=11,
            sop_instance_uid=hd.UID(),
            instance_number=1,
        )
    enhanced.save_as(tmp_path / "enhanced.dcm", enforce_file_format=True)
    header = pydicom.dcmread(tmp_path / "enhanced.dcm", stop_before_pixels=True)
    image, mask = _load(T1_DIR, MASK_DIR)
    labels = _multi_label(mask)
    seg = builder.build_segmentation(
        mask=labels,
        affine=image.affine,
        source_headers=[header],
        codings=project_codings(LABELS),
        provenance=EDITED,
        uids=builder.derived_uids("annotation-6", "pacs"),
    )
    back = _write(seg, tmp_path / "seg.dcm")
    referenced = {
        int(item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedFrameNumber)
        for item in back.PerFrameFunctionalGroupsSequence
    }
    assert referenced <= set(range(1, 23)) and len(referenced) > 5
    np.testing.assert_array_equal(seg_on_grid(back, labels.shape, image.affine), labels)
    assert dciodvfy(tmp_path / "seg.dcm")[0] == []
