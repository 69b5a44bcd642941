"""In-memory volumes produced by the ingestion readers, and their conversion to stored NIfTI.

Every reader (DICOM, NIfTI, 2D image) returns the same ``LoadedVolume`` so that the import service never
needs to know where a volume came from: data is in nibabel's (X, Y, Z) voxel order and the affine maps voxel
indices to RAS+ millimetres, exactly what ``nib.load(path).affine`` would give for the stored file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nibabel as nib
import numpy as np
from pydicom import Dataset

from backend.core.errors import BadInput, PayloadTooLarge

# 512 x 512 x 1024 voxels (1 GiB as float32): larger volumes are refused before their data is read, so a
# small compressed upload cannot make the server allocate gigabytes.
MAX_VOXELS = 512 * 512 * 1024

# Fraction of the smallest voxel size by which two grids may disagree and still count as "the same grid":
# DICOM writers round positions and orientations differently (one TCIA mask series stores 6 decimals where
# its image series stores 14), which must not be mistaken for a misregistration.
GRID_TOLERANCE_VOXELS = 0.1

_INT_DTYPES_KEPT = {np.dtype(t) for t in ("uint8", "int8", "uint16", "int16", "uint32", "int32")}


@dataclass(frozen=True)
class SourceFrame:
    """The DICOM frame one slice of a volume came from: what a SEG (or any result) must reference."""

    sop_instance_uid: str
    sop_class_uid: str
    frame_number: int | None  # 1-based within a multi-frame instance; None for a single-frame instance


class LoadedVolume:
    """One image or label volume ready to be stored as a NIfTI file.

    Built either from voxels already in memory (``data=``) or lazily (``source=`` and ``shape=``): planning an
    import needs only the geometry, so the voxels of a lazy volume are decoded on first use of ``data`` and
    dropped again by ``release()``. The importer stores one volume at a time that way, whatever the upload holds.

    DICOM volumes also carry where they came from: ``source_frames`` (one per slice, in slice order),
    ``frame_of_reference_uid`` and ``dicom_headers``, the header-only original datasets ordered like the slice
    axis (one per slice of a single-frame series, the one instance of a multi-frame source). The headers are
    read from the upload's files on first use and dropped by ``release()``, so planning a large upload does not
    hold thousands of datasets; read them before the upload's files are deleted. ``label_of`` names the image
    series a label was drawn on (a DICOM SEG says so), so the planner can attach it to that image.
    """

    def __init__(
        self,
        *,
        affine: np.ndarray,
        modality: str,
        source_format: str,
        patient_key: str,
        study_uid: str | None,
        series_uid: str | None,
        description: str,
        series_number: int | None,
        is_label: bool,
        study_description: str = "",  # DICOM StudyDescription, used to name the study; empty for files
        data: np.ndarray | None = None,
        source: Callable[[], np.ndarray] | None = None,
        shape: tuple[int, ...] | None = None,
        dicom_headers: list[Dataset] | None = None,
        headers_source: Callable[[], list[Dataset]] | None = None,
        source_frames: list[SourceFrame] | None = None,
        frame_of_reference_uid: str | None = None,
        label_of: str | None = None,
    ) -> None:
        if data is None and (source is None or shape is None):
            raise ValueError("a LoadedVolume needs its data, or a source and a shape")
        self.affine = affine
        self.modality = modality
        self.source_format = source_format
        self.patient_key = patient_key
        self.study_uid = study_uid
        self.series_uid = series_uid
        self.description = description
        self.series_number = series_number
        self.is_label = is_label
        self.study_description = study_description
        self._data = data
        self._source = source
        self._shape = tuple(int(v) for v in (data.shape if data is not None else shape))  # type: ignore[union-attr]
        self._headers = dicom_headers
        self._headers_source = headers_source
        self.source_frames = source_frames
        self.frame_of_reference_uid = frame_of_reference_uid
        self.label_of = label_of

    @property
    def dicom_headers(self) -> list[Dataset] | None:
        """Header-only source datasets in slice order (None for volumes not read from DICOM)."""
        if self._headers is None and self._headers_source is not None:
            self._headers = self._headers_source()
        return self._headers

    @dicom_headers.setter
    def dicom_headers(self, headers: list[Dataset] | None) -> None:
        """Replace the headers (e.g. by de-identified copies); they are then kept until ``release()``."""
        self._headers = headers

    @property
    def data(self) -> np.ndarray:
        if self._data is None:
            assert self._source is not None
            data = self._source()
            if tuple(data.shape) != self._shape:
                raise BadInput(f"{self.description}: its data has shape {data.shape}, its header {self._shape}.")
            self._data = data
        return self._data

    def release(self) -> None:
        """Forget the decoded voxels of a lazy volume (they are read again if ``data`` is used again)."""
        if self._source is not None:
            self._data = None
        if self._headers_source is not None:
            self._headers = None

    @property
    def voxels(self) -> int:
        return int(np.prod(self._shape, dtype=np.int64))

    @property
    def spacing(self) -> tuple[float, ...]:
        """Voxel size in mm along X, Y, Z (column norms of the affine, so shear and rotation are ignored)."""
        return tuple(float(v) for v in np.linalg.norm(self.affine[:3, :3], axis=0))

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape


@dataclass
class StudyImport:
    """The volumes of one study; ``images[0]`` is the primary image and ``label`` lies on its grid."""

    study_uid: str | None
    description: str
    images: list[LoadedVolume]
    label: LoadedVolume | None = None


@dataclass
class PatientImport:
    """Everything an upload contained for one patient (``external_id`` is the patient key)."""

    external_id: str
    studies: list[StudyImport] = field(default_factory=list)


def error_text(exc: BaseException, path: Path, name: str) -> str:
    """A library error message with server paths replaced by the user's file name.

    nibabel, pydicom and the OS put absolute paths in their messages; those must not reach API clients.
    """
    text = str(exc)
    for candidate in sorted({str(path), str(Path(path).resolve()), str(Path(path).parent)}, key=len, reverse=True):
        text = text.replace(candidate, name)
    return text


def check_voxel_count(shape: tuple[int, ...], what: str, max_voxels: int = MAX_VOXELS) -> None:
    """Refuse empty or oversized volumes before any pixel data is decoded."""
    if any(int(n) <= 0 for n in shape):
        raise BadInput(f"{what} has an empty dimension (shape {tuple(shape)}).")
    count = int(np.prod([int(n) for n in shape], dtype=np.int64))
    if count > max_voxels:
        raise PayloadTooLarge(
            f"{what} has {count:,} voxels (shape {tuple(shape)}); the limit (MAX_VOXELS_PER_VOLUME) is {max_voxels:,}."
        )


def as_image_array(data: np.ndarray) -> np.ndarray:
    """Keep small integer dtypes as they are, everything else becomes float32 (the stored image types)."""
    if data.dtype in _INT_DTYPES_KEPT:
        return data
    if data.dtype == np.bool_:
        return data.astype(np.uint8)
    return data.astype(np.float32, copy=False)


def as_label_array(data: np.ndarray, what: str) -> np.ndarray:
    """Convert label values to uint8, refusing what a label map cannot hold (fractions, negatives, > 255)."""
    if data.dtype == np.uint8:
        return data
    if data.dtype.kind == "f":
        if not np.all(np.isfinite(data)):
            raise BadInput(f"{what} contains NaN or infinite values; a label must hold whole numbers.")
        if not np.array_equal(data, np.round(data)):
            raise BadInput(f"{what} contains non-integer values; a label must hold whole numbers (0, 1, 2...).")
    elif data.dtype.kind not in "biu":
        raise BadInput(f"{what} has data type {data.dtype}, which cannot be a label map.")
    if data.size and (data.min() < 0 or data.max() > 255):
        raise BadInput(f"{what} has values between {data.min()} and {data.max()}; label values must lie in 0..255.")
    return data.astype(np.uint8)


def check_label_values(vol: LoadedVolume, allowed: set[int]) -> None:
    """Refuse a label using values the project does not define (the project knows its labels, we do not)."""
    present = {int(v) for v in np.unique(vol.data)}
    unknown = sorted(present - set(allowed) - {0})
    if unknown:
        raise BadInput(
            f"Label '{vol.description}' uses values {unknown} that are not labels of this project "
            f"(allowed: {sorted(set(allowed) | {0})})."
        )


def _corners(shape: tuple[int, ...], affine: np.ndarray) -> np.ndarray:
    """World coordinates of the 8 corner voxel centres of a grid."""
    ranges = [(0, max(int(n) - 1, 0)) for n in shape[:3]]
    pts = np.array([[i, j, k, 1.0] for i in ranges[0] for j in ranges[1] for k in ranges[2]])
    corners: np.ndarray = (affine @ pts.T).T[:, :3]
    return corners


def same_grid(a: LoadedVolume, b: LoadedVolume, tolerance_voxels: float = GRID_TOLERANCE_VOXELS) -> bool:
    """True when both volumes have the same shape and their corners coincide to a fraction of a voxel.

    Comparing corner positions in mm rather than affine entries gives one tolerance with a physical meaning,
    whatever the rotation or rounding of the two headers.
    """
    if a.shape != b.shape:
        return False
    tol = tolerance_voxels * min(min(a.spacing), min(b.spacing))
    diff = np.abs(_corners(a.shape, a.affine) - _corners(b.shape, b.affine))
    return bool(np.all(diff <= tol))


def check_label_fits(image: LoadedVolume, label: LoadedVolume, label_name: str, image_name: str) -> None:
    """Raise BadInput unless ``label`` can be stored as an annotation of ``image``."""
    if label.shape != image.shape:
        raise BadInput(
            f"Label {label_name} has shape {label.shape} but image {image_name} has shape {image.shape}; "
            "a label must have exactly the image's shape."
        )
    if not same_grid(image, label):
        raise BadInput(
            f"Label {label_name} has the shape of image {image_name} but a different position or "
            "orientation in space (affine); it would not overlay the image."
        )


def to_nifti(vol: LoadedVolume) -> nib.Nifti1Image:
    """Build the NIfTI image to store: labels as uint8, images as float32 or their original integer type."""
    if vol.is_label:
        data = as_label_array(vol.data, vol.description)
    else:
        data = as_image_array(vol.data)
    img = nib.Nifti1Image(data, vol.affine)
    img.set_sform(vol.affine, code=1)
    img.set_qform(vol.affine, code=1)
    img.header.set_xyzt_units(xyz="mm")
    if vol.is_label:
        img.header.set_intent("label")
    return img
