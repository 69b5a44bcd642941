"""Dataset loading shared by the benchmarks: MSD (``imagesTr``/``labelsTr`` NIfTI) or 2D (``images``/``masks``)
layouts, with optional ``groups.csv`` (``stem,group``) keeping frames of one patient or video together."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from worker.ml.data import Sample

__all__ = ["Dataset", "default_data_dir", "load_dataset"]

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def default_data_dir(name: str = "msd-hippocampus") -> Path:
    """``../shared/data/NAME`` next to the repository."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / name


@dataclass(frozen=True)
class Dataset:
    """Labelled samples plus the group (patient / video) of each; ``spatial_dims`` 2 or 3."""

    samples: list[Sample]
    groups: dict[str, str]
    spatial_dims: int
    num_classes: int
    layout: str


def _read_nifti(path: Path) -> np.ndarray:
    import nibabel as nib

    volume = nib.load(path)
    assert isinstance(volume, nib.Nifti1Image)
    return np.asanyarray(volume.dataobj)


def _read_2d(path: Path, size: int | None = None) -> np.ndarray:
    """Grey values; with ``size``, resized to ``size`` x ``size`` (bilinear: masks are thresholded afterwards)."""
    from PIL import Image

    with Image.open(path) as image:
        grey = image.convert("L")
        if size is not None:
            grey = grey.resize((size, size), Image.Resampling.BILINEAR)
        return np.asarray(grey)


def _stem(path: Path) -> str:
    name = path.name
    return name.removesuffix(".nii.gz") if name.endswith(".nii.gz") else path.stem


def _find(folder: Path, stem: str) -> Path | None:
    for suffix in _IMAGE_SUFFIXES:
        for candidate in (folder / f"{stem}{suffix}", folder / f"{stem}{suffix.upper()}"):
            if candidate.is_file():
                return candidate
    return None


def load_dataset(root: Path, limit: int | None = None, size: int | None = None) -> Dataset:
    """Read every labelled case under ``root`` (sorted by name; the first ``limit`` only if given).

    MSD: ``imagesTr/NAME.nii.gz`` + ``labelsTr/NAME.nii.gz``, labels kept as they are. 2D: ``images/STEM.*`` +
    ``masks/STEM.*`` (png/jpg/tif); RGB images are converted to grey, resized to ``size`` x ``size`` if given
    (a CPU budget knob), masks binarised at > 127, each image stored as ``(X, Y, 1)``.

    Raises:
        FileNotFoundError: neither layout, or no labelled case.
    """
    groups: dict[str, str] = {}
    groups_csv = root / "groups.csv"
    if groups_csv.is_file():
        with groups_csv.open(newline="") as handle:
            groups = {row["stem"]: row["group"] for row in csv.DictReader(handle)}
    samples: list[Sample] = []
    if (root / "imagesTr").is_dir():
        layout, spatial_dims = "msd", 3
        paths = sorted(p for p in (root / "imagesTr").glob("*.nii.gz") if not p.name.startswith("._"))
        for path in paths[:limit]:
            label_path = root / "labelsTr" / path.name
            if not label_path.is_file():
                continue
            image = _read_nifti(path).astype(np.float32)
            if image.ndim == 4:  # multi-channel MSD task: first channel only
                image = image[..., 0]
            samples.append(Sample(_stem(path), image, _read_nifti(label_path).astype(np.uint8)))
        num_classes = 1 + max(int(s.label.max()) for s in samples if s.label is not None) if samples else 2
    elif (root / "images").is_dir():
        layout, spatial_dims, num_classes = "2d", 2, 2
        paths = sorted(p for p in (root / "images").iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)
        for path in paths[:limit]:
            mask_path = _find(root / "masks", path.stem)
            if mask_path is None:
                continue
            image = _read_2d(path, size).astype(np.float32)
            mask = (_read_2d(mask_path, size) > 127).astype(np.uint8)
            samples.append(Sample(path.stem, image[..., None], mask[..., None]))
    else:
        raise FileNotFoundError(f"{root}: expected imagesTr/ + labelsTr/ (MSD) or images/ + masks/ (2D)")
    if not samples:
        raise FileNotFoundError(f"{root}: no labelled case found")
    group_of = {s.id: groups.get(s.id, s.id) for s in samples}
    return Dataset(samples, group_of, spatial_dims, max(num_classes, 2), layout)
