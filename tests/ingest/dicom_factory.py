"""Real-world DICOM objects made at test time from the TCIA series with maintained tools (nothing binary committed).

- an enhanced multi-frame MR image: highdicom's Legacy Converted Enhanced MR conversion of the T1post series
  (the standard's own way to turn single-frame slices into one multi-frame instance with functional groups);
- DICOM SEG objects written by highdicom on that series or on the enhanced image, from the TCIA mask series.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Sequence
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
from pydicom import Dataset
from pydicom.sr.codedict import codes

from backend.ingest.volume import LoadedVolume
from tests.ingest.conftest import TCIA_T1, dcm_files

LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def t1_datasets(seed: int | None = None) -> list[Dataset]:
    """The T1post slices with pixels, in file order or shuffled (a SEG writer sees them in any order)."""
    datasets = [pydicom.dcmread(p) for p in dcm_files(TCIA_T1)]
    if seed is not None:
        random.Random(seed).shuffle(datasets)
    return datasets


def enhanced_mr(datasets: Sequence[Dataset], path: Path) -> Path:
    """Convert single-frame MR slices into one Legacy Converted Enhanced MR instance and save it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        image = hd.legacy.LegacyConvertedEnhancedMRImage(
            legacy_datasets=list(datasets),
            series_instance_uid=hd.UID(),
            series_number=int(datasets[0].SeriesNumber),
            sop_instance_uid=hd.UID(),
            instance_number=1,
        )
        image.save_as(path)
    return path


def frame_positions(ds: Dataset) -> list[np.ndarray]:
    """ImagePositionPatient of every frame of an image (one entry for a single-frame image)."""
    if "PerFrameFunctionalGroupsSequence" in ds:
        return [
            np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
            for item in ds.PerFrameFunctionalGroupsSequence
        ]
    return [np.array([float(v) for v in ds.ImagePositionPatient])]


def slice_at(volume: LoadedVolume, ipp_lps: np.ndarray) -> np.ndarray:
    """The (rows, columns) plane of ``volume`` whose first voxel lies at ``ipp_lps`` (LPS mm)."""
    lps = LPS_TO_RAS @ np.asarray(volume.affine)
    origins = lps[:3, 3] + np.outer(np.arange(volume.shape[2]), lps[:3, 2])
    k = int(np.argmin(np.linalg.norm(origins - ipp_lps, axis=1)))
    assert np.linalg.norm(origins[k] - ipp_lps) < 1e-2, "no slice of the volume at this position"
    plane: np.ndarray = volume.data[:, :, k].T
    return plane


def masks_for(sources: Sequence[Dataset], label: LoadedVolume) -> np.ndarray:
    """(frames, rows, columns) masks of ``label`` for every frame of ``sources``, in the sources' frame order."""
    return np.stack([slice_at(label, p) for ds in sources for p in frame_positions(ds)])


def segment(number: int, name: str) -> hd.seg.SegmentDescription:
    return hd.seg.SegmentDescription(
        segment_number=number,
        segment_label=name,
        segmented_property_category=codes.SCT.Tissue,
        segmented_property_type=codes.SCT.Neoplasm,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
    )


def write_seg(
    sources: Sequence[Dataset],
    pixels: np.ndarray,
    path: Path,
    *,
    names: Sequence[str] = ("tumor",),
    kind: str = "BINARY",
    description: str = "Tumour SEG",
) -> Path:
    """A highdicom SEG of ``sources``: ``pixels`` is (frames, rows, columns[, segments]) in the sources' frame
    order, 0/1 per segment (several segments may overlap)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        seg = hd.seg.Segmentation(
            source_images=list(sources),
            pixel_array=pixels.astype(np.uint8 if kind == "BINARY" else np.float32),
            segmentation_type=kind,
            segment_descriptions=[segment(i + 1, n) for i, n in enumerate(names)],
            series_instance_uid=hd.UID(),
            series_number=99,
            sop_instance_uid=hd.UID(),
            instance_number=1,
            manufacturer="Radloop tests",
            manufacturer_model_name="highdicom",
            software_versions="1",
            device_serial_number="1",
            series_description=description,
        )
        seg.save_as(path)
    return path
