"""DICOM SEG objects imported as labels: written by highdicom from the TCIA mask series, compared voxel for voxel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest

from backend.core.errors import BadInput
from backend.ingest.dicom import load_dicom_files
from backend.ingest.plan import plan_import
from backend.ingest.volume import LoadedVolume
from tests.ingest.conftest import TCIA_FLAIR, TCIA_MASK, TCIA_T1, dcm_files, label_of
from tests.ingest.dicom_factory import enhanced_mr, masks_for, t1_datasets, write_seg


@pytest.fixture(scope="module")
def mask() -> LoadedVolume:
    """The TCIA tumour mask series (values 0/1), on the T1post grid: the ground truth every SEG encodes."""
    (volume,) = load_dicom_files(dcm_files(TCIA_MASK))
    assert volume.is_label and int(volume.data.sum()) > 1000
    return volume


def test_seg_on_single_frame_series_is_the_label_of_that_series(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets(seed=3)  # the SEG writer saw the slices in shuffled order
    seg = write_seg(sources, masks_for(sources, mask), tmp_path / "tumour.seg.dcm")
    (patient,) = plan_import([TCIA_T1, seg], workdir=tmp_path / "work")
    (study,) = patient.studies
    label = label_of(study)
    assert study.images[0].description == "T1post"
    assert label.description == "Tumour SEG" and label.source_format == "dicom-seg"
    assert label.label_of == study.images[0].series_uid
    assert label.data.dtype == np.uint8
    assert np.array_equal(label.data, mask.data)


def test_seg_on_enhanced_multi_frame_image_uses_source_frames(mask: LoadedVolume, tmp_path: Path) -> None:
    image = enhanced_mr(t1_datasets(seed=5), tmp_path / "t1_enhanced.dcm")
    source = pydicom.dcmread(image)
    seg = write_seg([source], masks_for([source], mask), tmp_path / "fractional.seg.dcm", kind="FRACTIONAL")
    (patient,) = plan_import([image, seg], workdir=tmp_path / "work")
    assert np.array_equal(label_of(patient.studies[0]).data, mask.data)


def test_segments_map_to_project_labels_by_name_and_the_higher_segment_wins(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets()
    tumour = masks_for(sources, mask)
    edema = np.zeros_like(tumour)
    edema[:, 100:200, 80:180] = 1  # overlaps the tumour
    pixels = np.stack([edema, tumour], axis=-1)  # segment 1 edema, segment 2 tumour
    seg = write_seg(sources, pixels, tmp_path / "two.seg.dcm", names=("Edema", "Tumor"))
    (by_number,) = plan_import([TCIA_T1, seg], workdir=tmp_path / "a")
    (by_name,) = plan_import([TCIA_T1, seg], workdir=tmp_path / "b", label_names={"tumor": 1, "EDEMA": 2})
    tumour_voxels = mask.data == 1
    edema_only = np.zeros(mask.shape, dtype=bool)
    edema_only[80:180, 100:200, :] = True
    edema_only &= ~tumour_voxels
    numbered, named = label_of(by_number.studies[0]).data, label_of(by_name.studies[0]).data
    assert np.all(numbered[tumour_voxels] == 2) and np.all(numbered[edema_only] == 1)
    assert np.all(named[tumour_voxels] == 1) and np.all(named[edema_only] == 2)
    assert (
        int((named == 0).sum()) == int((numbered == 0).sum()) == mask.voxels - int((edema_only | tumour_voxels).sum())
    )


def test_seg_picks_the_series_it_references_as_primary(mask: LoadedVolume, tmp_path: Path) -> None:
    """The FLAIR series (higher SeriesNumber) becomes the primary image when the SEG was drawn on it."""
    flair = [pydicom.dcmread(p) for p in dcm_files(TCIA_FLAIR)]
    seg = write_seg(flair, masks_for(flair, mask), tmp_path / "flair.seg.dcm")
    (patient,) = plan_import([TCIA_T1, TCIA_FLAIR, seg], workdir=tmp_path / "work")
    (study,) = patient.studies
    assert [v.description for v in study.images] == ["FLAIR_reg", "T1post"]
    assert np.array_equal(label_of(study).data, mask.data)


def test_seg_without_its_image_series_is_refused(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets()
    seg = write_seg(sources, masks_for(sources, mask), tmp_path / "alone.seg.dcm")
    with pytest.raises(BadInput, match=r"alone.seg.dcm .*labels image series .* not in this upload"):
        plan_import([seg], workdir=tmp_path / "work")


def test_seg_off_the_image_grid_is_refused_by_name(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets()
    path = write_seg(sources, masks_for(sources, mask), tmp_path / "shifted.seg.dcm")
    ds = pydicom.dcmread(path)
    for item in ds.PerFrameFunctionalGroupsSequence:
        position = item.PlanePositionSequence[0]
        position.ImagePositionPatient = [float(v) + 3.0 for v in position.ImagePositionPatient]
    ds.save_as(path)
    with pytest.raises(BadInput, match=r"shifted.seg.dcm .*frame 1 lies 5.20 mm away .*not on the image grid"):
        plan_import([TCIA_T1, path], workdir=tmp_path / "work")


def test_seg_without_source_references_is_refused(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets()
    path = write_seg(sources, masks_for(sources, mask), tmp_path / "norefs.seg.dcm")
    ds = pydicom.dcmread(path)
    for item in ds.PerFrameFunctionalGroupsSequence:
        del item.DerivationImageSequence
    ds.save_as(path)
    with pytest.raises(BadInput, match="no Derivation Image Sequence"):
        plan_import([TCIA_T1, path], workdir=tmp_path / "work")


def test_seg_and_mask_series_in_one_study_are_refused(mask: LoadedVolume, tmp_path: Path) -> None:
    sources = t1_datasets()
    seg = write_seg(sources, masks_for(sources, mask), tmp_path / "x.seg.dcm")
    with pytest.raises(BadInput, match="2 mask series"):
        plan_import([TCIA_T1, TCIA_MASK, seg], workdir=tmp_path / "work")
