"""NIfTI file → ``LoadedVolume``.

nibabel reads data lazily, so a truncated ``.nii.gz`` loads "fine" and only fails when someone later touches
``dataobj``, typically far from the upload. The data is read here, inside the function, so a damaged file is
refused at import with a message the user can act on.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np
from nibabel.filebasedimages import ImageFileError

from backend.core.errors import BadInput
from backend.ingest.volume import (
    MAX_VOXELS,
    LoadedVolume,
    as_image_array,
    as_label_array,
    check_voxel_count,
    error_text,
)

NIFTI_SUFFIXES = (".nii.gz", ".nii")


def is_nifti_name(path: Path) -> bool:
    return path.name.lower().endswith(NIFTI_SUFFIXES)


def nifti_stem(path: Path) -> str:
    """File name without .nii/.nii.gz: the MSD patient key ("hippocampus_001")."""
    lower = path.name.lower()
    for suffix in NIFTI_SUFFIXES:
        if lower.endswith(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def _spatial_shape(shape: tuple[int, ...], name: str) -> tuple[int, ...]:
    """Squeeze trailing singleton dims (4D with one volume), pad 2D to (X, Y, 1); refuse real 4D+."""
    dims = list(shape)
    while len(dims) > 3 and dims[-1] == 1:
        dims.pop()
    if len(dims) > 3:
        raise BadInput(
            f"{name} is a {len(shape)}D image of shape {tuple(shape)}; only 3D volumes (or 4D with a single "
            "volume) can be imported."
        )
    while len(dims) < 3:
        dims.append(1)
    return tuple(dims)


def load_nifti(
    path: Path, *, as_label: bool = False, name: str | None = None, max_voxels: int = MAX_VOXELS, lazy: bool = False
) -> LoadedVolume:
    """Read a .nii/.nii.gz; BadInput when it is not NIfTI, is truncated, or is not a 3D volume.

    Images keep small integer dtypes or become float32; labels must hold whole numbers in 0..255 (uint8). The
    header (shape, data type, affine) is checked here; with ``lazy`` the voxels are read on first use of
    ``data`` (see ``LoadedVolume``), otherwise now, so a damaged file is refused by this call.
    """
    path = Path(path)
    name = name or path.name
    try:
        img = nib.load(path, mmap=False)
    except (ImageFileError, OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile) as exc:
        raise BadInput(f"{name} is not a readable NIfTI file ({error_text(exc, path, name)}).") from exc
    if not isinstance(img, nib.Nifti1Image | nib.Nifti2Image):
        raise BadInput(f"{name} is a {type(img).__name__}, not a NIfTI image.")
    shape = _spatial_shape(tuple(int(n) for n in img.shape), name)
    check_voxel_count(shape, name, max_voxels)
    dtype = img.get_data_dtype()
    if dtype.kind not in "biuf":
        kind = img.header.get_value_label("datatype")
        raise BadInput(
            f"{name} has data type {kind} ({dtype}); only greyscale volumes (integer or floating point) can be "
            "imported."
        )
    affine = np.asarray(img.affine, dtype=np.float64)
    if not np.all(np.isfinite(affine)) or abs(np.linalg.det(affine[:3, :3])) < 1e-12:
        raise BadInput(f"{name} has an invalid affine (voxel-to-world matrix); it cannot be placed in space.")

    def read() -> np.ndarray:
        # Reopened on each read, so a released lazy volume holds no decoded voxels and no nibabel cache.
        image = nib.load(path, mmap=False) if lazy else img
        try:
            data = np.asanyarray(image.dataobj)  # type: ignore[attr-defined]
        except (OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile) as exc:
            raise BadInput(
                f"{name} is truncated or corrupt: its header is valid but the image data cannot be read "
                f"({error_text(exc, path, name)})."
            ) from exc
        data = data.reshape(shape)
        if as_label:
            return as_label_array(data, name)
        data = as_image_array(data)
        if data.dtype.kind == "f" and not np.all(np.isfinite(data)):
            raise BadInput(f"{name} contains NaN or infinite values; the model cannot train on them.")
        return data

    volume = LoadedVolume(
        source=read,
        shape=shape,
        affine=affine,
        modality="SEG" if as_label else "OT",
        source_format="nifti",
        patient_key=nifti_stem(path),
        study_uid=None,
        series_uid=None,
        description=path.name,
        series_number=None,
        is_label=as_label,
    )
    if not lazy:
        volume.data  # noqa: B018 - read now: the caller expects a damaged file to be refused here
    return volume
