"""Dataset loading shared by the benchmarks: MSD (``imagesTr``/``labelsTr`` NIfTI) or 2D (``images``/``masks``)
layouts, with optional ``groups.csv`` (``stem,group``) keeping frames of one patient or video together.

With a ``cache_dir`` the decoded (and, for 2D, resized) samples are kept in one ``.npz`` per dataset, limit and
size, keyed also by the files' names, sizes and modification times, so an edited dataset is read afresh.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from worker.ml.data import Sample

__all__ = ["Dataset", "auto_crop_shape", "center_crop", "default_cache_dir", "default_data_dir", "load_dataset"]

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_CACHE_FORMAT = 1  # bump when what is cached (or how the loader decodes it) changes


def default_data_dir(name: str = "msd-hippocampus") -> Path:
    """``../shared/data/NAME`` next to the repository."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / name


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/radloop/benchmarks`` (``~/.cache/...`` by default): outside the repository, shared by
    every checkout on the machine."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "radloop" / "benchmarks"


@dataclass(frozen=True)
class Dataset:
    """Labelled samples plus the group (patient / video) of each; ``spatial_dims`` 2 or 3."""

    samples: list[Sample]
    groups: dict[str, str]
    spatial_dims: int
    num_classes: int
    layout: str


def auto_crop_shape(dataset: Dataset, multiple: int = 16, minimum: int = 32) -> tuple[int, ...]:
    """Per axis, the largest multiple of ``multiple`` (at least ``minimum``) not above the median extent.

    The network takes sizes that are multiples of 16, so a volume is padded up to the next one: MSD hippocampus
    boxes (median 35 x 50 x 36) become 48 x 64 x 48, 2.3 times the voxels, and the training step costs about
    that much more. Trimming to the multiple below the median instead keeps nearly all the structure (the boxes
    are cropped around it with a margin) at a third of the cost.
    """
    extents = np.median([s.image.shape for s in dataset.samples], axis=0)
    return tuple(max(minimum, int(e) // multiple * multiple) for e in extents)


def center_crop(dataset: Dataset, shape: tuple[int, ...]) -> tuple[Dataset, float]:
    """Every image and label cut to at most ``shape``, around the centre of the stored box (never padded).

    The crop position depends on the image box only, never on the label, so no label information reaches the
    images. Returns the cropped dataset and the fraction of all foreground voxels the crop removed, which the
    benchmark reports so that a crop that cuts the structure cannot pass unnoticed.
    """
    if len(shape) != 3:
        raise ValueError("crop shape needs 3 entries (X, Y, Z)")
    samples, total, kept = [], 0, 0
    for sample in dataset.samples:
        box = tuple(
            slice((size - target) // 2, (size - target) // 2 + target) if size > target else slice(0, size)
            for size, target in zip(sample.image.shape, shape, strict=True)
        )
        label = None if sample.label is None else np.ascontiguousarray(sample.label[box])
        if sample.label is not None and label is not None:
            total += int(np.count_nonzero(sample.label))
            kept += int(np.count_nonzero(label))
        samples.append(Sample(sample.id, np.ascontiguousarray(sample.image[box]), label))
    lost = 1.0 - kept / total if total else 0.0
    return Dataset(samples, dataset.groups, dataset.spatial_dims, dataset.num_classes, dataset.layout), lost


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


def load_dataset(
    root: Path, limit: int | None = None, size: int | None = None, cache_dir: Path | None = None
) -> Dataset:
    """Read every labelled case under ``root`` (sorted by name; the first ``limit`` only if given).

    MSD: ``imagesTr/NAME.nii.gz`` + ``labelsTr/NAME.nii.gz``, labels kept as they are. 2D: ``images/STEM.*`` +
    ``masks/STEM.*`` (png/jpg/tif); RGB images are converted to grey, resized to ``size`` x ``size`` if given
    (a CPU budget knob), masks binarised at > 127, each image stored as ``(X, Y, 1)``. With ``cache_dir``, a
    cached copy is read when one matches, and written after a fresh read.

    Raises:
        FileNotFoundError: neither layout, or no labelled case.
    """
    if cache_dir is None:
        return _load(root, limit, size)
    path = cache_dir / f"{_cache_key(root, limit, size)}.npz"
    if path.is_file():
        try:
            return _read_cache(path)
        except (OSError, KeyError, ValueError):  # a truncated or foreign file: read the dataset afresh
            pass
    dataset = _load(root, limit, size)
    _write_cache(path, dataset)
    return dataset


def _cache_key(root: Path, limit: int | None, size: int | None) -> str:
    """Hash of the request and of every input file's name, size and mtime (a stat per file, no reads)."""
    files = []
    for folder in ("imagesTr", "labelsTr", "images", "masks"):
        if (root / folder).is_dir():
            files += sorted((root / folder).iterdir())
    if (root / "groups.csv").is_file():
        files.append(root / "groups.csv")
    stats = [(p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    request = {"format": _CACHE_FORMAT, "root": str(root.resolve()), "limit": limit, "size": size, "files": stats}
    return hashlib.sha256(json.dumps(request).encode()).hexdigest()[:24]


def _write_cache(path: Path, dataset: Dataset) -> None:
    arrays: dict[str, np.ndarray] = {
        "ids": np.array([s.id for s in dataset.samples]),
        "groups": np.array([dataset.groups[s.id] for s in dataset.samples]),
        "meta": np.array([dataset.spatial_dims, dataset.num_classes]),
        "layout": np.array(dataset.layout),
    }
    for i, sample in enumerate(dataset.samples):
        assert sample.label is not None  # load_dataset keeps labelled cases only
        arrays[f"image_{i}"], arrays[f"label_{i}"] = sample.image, sample.label
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(partial, allow_pickle=True, **arrays)  # numpy's default, spelled out: no array name can be taken for it
    os.replace(partial, path)  # readers never see a half-written cache


def _read_cache(path: Path) -> Dataset:
    with np.load(path, allow_pickle=False) as data:
        ids = [str(i) for i in data["ids"]]
        groups = {i: str(g) for i, g in zip(ids, data["groups"], strict=True)}
        samples = [Sample(i, data[f"image_{k}"], data[f"label_{k}"]) for k, i in enumerate(ids)]
        spatial_dims, num_classes = (int(v) for v in data["meta"])
        layout = str(data["layout"])
    return Dataset(samples, groups, spatial_dims, num_classes, layout)


def _load(root: Path, limit: int | None, size: int | None) -> Dataset:
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
