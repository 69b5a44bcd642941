"""Real DICOM for the SEG tests: the TCIA PGBM-003 study (T1post + its tumour-mask series on the same grid), and
a copy of it stored the other way round, so slice order and pixel layout cannot be taken for granted.

The "flipped" copy is the same anatomy written differently: every slice's column direction is negated (its rows
stored bottom-up, ImagePositionPatient moved to the other end), which turns the slice normal around, so the stack
sorted along the normal runs in the opposite direction; file names are shuffled and InstanceNumbers reversed.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest
from pydicom.uid import generate_uid

from tests.conftest import SHARED_DATA, migrated_database

# The real test PACS of tests/pacs (``make orthanc``) and its light project with the demo logins, for test_send.
from tests.pacs.conftest import orthanc, orthanc_server, project  # noqa: F401

TCIA_STUDY = next((SHARED_DATA / "tcia-brain-tumor-dicom" / "PGBM-003").iterdir())
T1_DIR = next(TCIA_STUDY.glob("*T1post*"))
MASK_DIR = next(TCIA_STUDY.glob("*MaskTumor*"))
HIPPOCROP_SERIES = SHARED_DATA / "hippocrop-dicom" / "Study1" / "13_HCropVolume"
MSD = SHARED_DATA / "msd-hippocampus"
LPS_TO_RAS = np.array([-1.0, -1.0, 1.0])


def dcm_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.dcm"))


def flip_series(source: Path, target: Path, *, seed: int) -> list[Path]:
    """Write ``source`` into ``target`` stored the other way round (see the module docstring); returns the files."""
    target.mkdir(parents=True, exist_ok=True)
    files = dcm_files(source)
    names = [f"{n:04d}.dcm" for n in range(len(files))]
    random.Random(seed).shuffle(names)
    series_uid = generate_uid(entropy_srcs=["flipped-series", source.name])
    written = []
    for path, name in zip(files, names, strict=True):
        ds = pydicom.dcmread(path)
        pixels = ds.pixel_array
        iop = np.array([float(v) for v in ds.ImageOrientationPatient])
        ipp = np.array([float(v) for v in ds.ImagePositionPatient])
        row_spacing = float(ds.PixelSpacing[0])
        column_direction = iop[3:]  # direction of increasing row index
        ds.ImagePositionPatient = [f"{v:.6f}" for v in ipp + (int(ds.Rows) - 1) * row_spacing * column_direction]
        ds.ImageOrientationPatient = [f"{v:.8f}" for v in [*iop[:3], *(-column_direction)]]
        ds.PixelData = np.ascontiguousarray(pixels[::-1, :]).tobytes()
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid(entropy_srcs=["flipped-instance", str(ds.SOPInstanceUID)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = len(files) - int(ds.InstanceNumber) + 1
        ds.save_as(target / name, enforce_file_format=True)
        written.append(target / name)
    return sorted(written)


@pytest.fixture(scope="package")
def database_url(session_tmp: Path) -> Iterator[str]:
    """The SEG API tests run on the real Postgres only: nothing in them depends on the database kind, and each
    imports real DICOM series (seconds apiece), so a second pass on SQLite would only add minutes to the suite."""
    with migrated_database("postgres", session_tmp / f"seg-{uuid.uuid4().hex[:6]}") as url:
        yield url


@pytest.fixture(scope="session")
def flipped_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PGBM-003 T1post and mask series, flipped (image and mask alike, so the mask still fits)."""
    root = tmp_path_factory.mktemp("flipped") / "PGBM-003-flipped"
    flip_series(T1_DIR, root / "T1post", seed=3)
    flip_series(MASK_DIR, root / "MaskTumor", seed=4)
    return root


def zip_files(files: Iterable[Path], root: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in files:
            archive.write(path, str(path.relative_to(root)))
    return buffer.getvalue()


def mask_by_position(mask_files: Iterable[Path]) -> dict[tuple[float, ...], np.ndarray]:
    """The pixel data of a DICOM mask series keyed by each slice's ImagePositionPatient (rounded to 0.01 mm)."""
    return {_position_key(ds): ds.pixel_array for ds in (pydicom.dcmread(p) for p in mask_files)}


def _position_key(ds: pydicom.Dataset) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in ds.ImagePositionPatient)


def seg_frames_by_source(seg: hd.seg.Segmentation, sources: list[pydicom.Dataset]) -> dict[str, np.ndarray]:
    """The SEG's label map of each source instance (SOP Instance UID -> rows x columns; values: segment numbers),
    read by highdicom from the SEG's own references (absent frames are empty)."""
    uids = [str(ds.SOPInstanceUID) for ds in sources]
    pixels = seg.get_pixels_by_source_instance(
        source_sop_instance_uids=uids, combine_segments=True, assert_missing_frames_are_empty=True
    )
    return dict(zip(uids, pixels, strict=True))


def seg_on_grid(seg: hd.seg.Segmentation, shape: tuple[int, ...], affine: np.ndarray) -> np.ndarray:
    """The SEG resampled (nearest, exact for a grid match) onto a NIfTI voxel grid, values = project label values.

    Uses only the SEG's own geometry (highdicom's volume of its frames and their plane positions), never Radloop's
    writer, so a mistake in the writer's mapping cannot cancel out here."""
    number_to_value = {
        int(item.SegmentNumber): int(str(item.TrackingID).rsplit(" ", 1)[1]) for item in seg.SegmentSequence
    }
    volume = seg.get_volume(combine_segments=True, relabel=False)
    array = np.asarray(volume.array)
    ijk = np.stack(np.meshgrid(*[np.arange(n) for n in shape], indexing="ij"), axis=-1).reshape(-1, 3)
    ras = ijk @ np.asarray(affine)[:3, :3].T + np.asarray(affine)[:3, 3]
    lps = ras * LPS_TO_RAS
    index = (lps - volume.affine[:3, 3]) @ np.linalg.inv(volume.affine[:3, :3]).T
    rounded = np.round(index).astype(np.int64)
    assert np.max(np.abs(index - rounded)) < 0.05, "the SEG's frames are not on the stored grid"
    inside = np.all((rounded >= 0) & (rounded < np.array(array.shape)), axis=1)
    lut = np.zeros(256, dtype=np.uint8)
    for number, value in number_to_value.items():
        lut[number] = value
    out = np.zeros(len(ijk), dtype=np.uint8)
    out[inside] = lut[array[rounded[inside, 0], rounded[inside, 1], rounded[inside, 2]]]
    return out.reshape(shape)


def dciodvfy(path: Path) -> tuple[list[str], list[str]]:
    """Run Debian's dicom3tools validator on a file: (error lines, warning lines)."""
    tool = shutil.which("dciodvfy")
    assert tool, "dciodvfy (Debian dicom3tools) is missing: `make dicom3tools` installs it"
    run = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=120, check=False)
    lines = (run.stdout + run.stderr).splitlines()
    errors = [line for line in lines if re.match(r"^\s*Error", line)]
    warnings = [line for line in lines if re.match(r"^\s*Warning", line)]
    return errors, warnings
