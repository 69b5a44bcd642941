"""DICOM series → ``LoadedVolume``.

Files are read twice on purpose: a header-only pass (``stop_before_pixels``) groups them into series and
checks geometry, keeping only a few numbers per file; pixels are then decoded one series at a time into a
preallocated array. Peak memory is therefore about one volume plus one slice, whatever the upload size.

Geometry follows the DICOM standard (C.7.6.2.1.1): the first ImageOrientationPatient triplet is the direction
of increasing column index, the second the direction of increasing row index, both in LPS patient space.
Slices are ordered by their ImagePositionPatient projected on the normal of these two vectors; file names and
InstanceNumber are not reliable orders. The affine is built in LPS and flipped to NIfTI's RAS+.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
from pydicom.errors import InvalidDicomError

from backend.core.errors import BadInput
from backend.ingest.volume import MAX_VOXELS, LoadedVolume, as_label_array, check_voxel_count, error_text

logger = logging.getLogger(__name__)

LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])
_MASK_DESCRIPTION = re.compile(r"mask|seg|label", re.IGNORECASE)
_IOP_ATOL = 1e-4
# A slice may sit this fraction of the slice spacing away from a perfectly regular stack before the series
# is refused: enough for rounding, far below the half-spacing error a missing slice produces.
_STACK_TOLERANCE = 0.1

NameFn = Callable[[Path], str]


def _default_name(path: Path) -> str:
    return path.name


@dataclass(frozen=True)
class SeriesKey:
    patient_id: str
    study_uid: str
    series_uid: str


@dataclass
class SliceHeader:
    """The few header values needed to group, sort and decode one single-frame DICOM file."""

    path: Path
    key: SeriesKey
    modality: str
    description: str
    study_description: str
    series_number: int | None
    rows: int
    columns: int
    iop: np.ndarray | None
    ipp: np.ndarray | None
    pixel_spacing: tuple[float, float] | None
    slice_thickness: float | None
    slope: float
    intercept: float
    samples_per_pixel: int


def is_dicom_file(path: Path) -> bool:
    """True when the file carries the DICOM Part 10 preamble ("DICM" at byte 128)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(132)
    except OSError:
        return False
    return len(head) == 132 and head[128:] == b"DICM"


def _float_list(value: object, count: int) -> np.ndarray | None:
    if value is None:
        return None
    try:
        arr = np.array([float(v) for v in value], dtype=np.float64)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return arr if arr.shape == (count,) else None


def _opt_float(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _opt_int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def read_header(path: Path, name: NameFn = _default_name) -> SliceHeader:
    """Read one file's header (no pixels); BadInput when it is not DICOM or cannot hold an image slice."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
    except InvalidDicomError as exc:
        raise BadInput(f"{name(path)} is not a DICOM file ({error_text(exc, path, name(path))}).") from exc
    except (OSError, ValueError, EOFError) as exc:
        raise BadInput(f"{name(path)} is a damaged DICOM file ({error_text(exc, path, name(path))}).") from exc
    modality = str(ds.get("Modality", "") or "OT")
    if "Rows" not in ds or "Columns" not in ds:
        raise BadInput(
            f"{name(path)} is a DICOM {modality} object without an image (for example a report or an "
            "RTSTRUCT); only image series and mask image series can be imported."
        )
    rows, columns = _opt_int(ds.get("Rows")), _opt_int(ds.get("Columns"))
    if not rows or not columns or rows < 0 or columns < 0:
        raise BadInput(
            f"{name(path)}: its Rows/Columns ({ds.get('Rows')!r} x {ds.get('Columns')!r}) do not describe an "
            "image; the file is damaged or not an image."
        )
    frames = _opt_int(ds.get("NumberOfFrames")) or 1
    if frames > 1:
        kind = "DICOM SEG objects" if modality == "SEG" else "Multi-frame (enhanced) DICOM files"
        raise BadInput(
            f"{name(path)}: {kind} are not supported yet; export the series as single-frame slices or as NIfTI."
        )
    spacing = _float_list(ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing"), 2)
    return SliceHeader(
        path=path,
        key=SeriesKey(
            patient_id=str(ds.get("PatientID", "") or ds.get("PatientName", "") or "").strip(),
            study_uid=str(ds.get("StudyInstanceUID", "") or ""),
            series_uid=str(ds.get("SeriesInstanceUID", "") or ""),
        ),
        modality=modality,
        description=str(ds.get("SeriesDescription", "") or ""),
        study_description=str(ds.get("StudyDescription", "") or ""),
        series_number=_opt_int(ds.get("SeriesNumber")),
        rows=rows,
        columns=columns,
        iop=_float_list(ds.get("ImageOrientationPatient"), 6),
        ipp=_float_list(ds.get("ImagePositionPatient"), 3),
        pixel_spacing=(float(spacing[0]), float(spacing[1])) if spacing is not None else None,
        slice_thickness=_opt_float(ds.get("SpacingBetweenSlices")) or _opt_float(ds.get("SliceThickness")),
        # A missing or zero slope means "no rescale" (zero would erase the image and is never meant).
        slope=_opt_float(ds.get("RescaleSlope")) or 1.0,
        intercept=_opt_float(ds.get("RescaleIntercept")) or 0.0,
        samples_per_pixel=_opt_int(ds.get("SamplesPerPixel")) or 1,
    )


def is_mask_series(header: SliceHeader) -> bool:
    """A mask series is recognised by its description (mask/seg/label) or by the SEG modality."""
    return header.modality.upper() == "SEG" or bool(_MASK_DESCRIPTION.search(header.description))


def group_series(headers: Sequence[SliceHeader]) -> dict[SeriesKey, list[SliceHeader]]:
    """Group slice headers by (PatientID, StudyInstanceUID, SeriesInstanceUID), in first-seen order."""
    groups: dict[SeriesKey, list[SliceHeader]] = {}
    for h in headers:
        groups.setdefault(h.key, []).append(h)
    return groups


def _series_label(h: SliceHeader) -> str:
    desc = h.description or "(no description)"
    return f"series '{desc}' of patient {h.key.patient_id or '(no PatientID)'}"


def _check_consistent(slices: Sequence[SliceHeader], name: NameFn) -> None:
    """All slices of a series must share size, orientation and pixel spacing to form one grid."""
    first = slices[0]
    what = _series_label(first)
    for h in slices[1:]:
        if (h.rows, h.columns) != (first.rows, first.columns):
            raise BadInput(
                f"{what}: {name(h.path)} is {h.rows}x{h.columns} pixels but {name(first.path)} is "
                f"{first.rows}x{first.columns}; all slices of a series must have the same size."
            )
        if (h.iop is None) != (first.iop is None) or (
            h.iop is not None and first.iop is not None and not np.allclose(h.iop, first.iop, atol=_IOP_ATOL)
        ):
            raise BadInput(
                f"{what}: {name(h.path)} has a different ImageOrientationPatient than {name(first.path)}; "
                "a series with mixed orientations cannot be stacked into one volume."
            )
        if (h.pixel_spacing is None) != (first.pixel_spacing is None) or (
            h.pixel_spacing is not None
            and first.pixel_spacing is not None
            and not np.allclose(h.pixel_spacing, first.pixel_spacing, rtol=1e-4)
        ):
            raise BadInput(f"{what}: {name(h.path)} has a different PixelSpacing than {name(first.path)}.")
        if h.samples_per_pixel != first.samples_per_pixel:
            raise BadInput(f"{what}: {name(h.path)} mixes colour and greyscale slices.")


def slice_normal(iop: np.ndarray) -> np.ndarray:
    """Unit normal of the slice plane: cross product of the row and column direction cosines (LPS)."""
    normal = np.cross(iop[:3], iop[3:])
    norm = np.linalg.norm(normal)
    if norm < 1e-6:
        raise BadInput("ImageOrientationPatient does not describe a plane (its two vectors are parallel).")
    unit: np.ndarray = normal / norm
    return unit


def sort_slices(slices: Sequence[SliceHeader], name: NameFn = _default_name) -> list[SliceHeader]:
    """Order slices along the slice normal (ascending), refusing duplicated positions."""
    first = slices[0]
    if len(slices) == 1:
        return list(slices)
    if first.iop is None or any(h.ipp is None for h in slices):
        raise BadInput(
            f"{_series_label(first)} has {len(slices)} slices but no ImagePositionPatient/"
            "ImageOrientationPatient, so the slices cannot be ordered."
        )
    normal = slice_normal(first.iop)
    pos = {id(h): float(np.dot(normal, h.ipp)) for h in slices}  # type: ignore[arg-type]
    ordered = sorted(slices, key=lambda h: pos[id(h)])
    z = np.array([pos[id(h)] for h in ordered])
    dup = np.flatnonzero(np.diff(z) < 1e-3)
    if dup.size:
        a, b = ordered[dup[0]], ordered[dup[0] + 1]
        raise BadInput(
            f"{_series_label(first)}: {name(a.path)} and {name(b.path)} lie at the same position; the series "
            "holds several volumes (echoes, time points or a duplicate upload) and cannot be stacked."
        )
    return ordered


def series_affine(ordered: Sequence[SliceHeader]) -> np.ndarray:
    """Voxel (column, row, slice) → RAS+ mm affine from the sorted slices' geometry."""
    first = ordered[0]
    row_spacing, col_spacing = first.pixel_spacing or (1.0, 1.0)
    if first.iop is None or first.ipp is None:
        # A lone slice without geometry (secondary capture, photo): lay it out like a 2D image.
        affine = np.diag([col_spacing, row_spacing, first.slice_thickness or 1.0, 1.0])
        return affine
    col_dir, row_dir = first.iop[:3], first.iop[3:]  # direction of increasing column / row index
    lps = np.eye(4)
    lps[:3, 0] = col_dir * col_spacing
    lps[:3, 1] = row_dir * row_spacing
    if len(ordered) > 1:
        step = (ordered[-1].ipp - ordered[0].ipp) / (len(ordered) - 1)  # type: ignore[operator]
        lps[:3, 2] = step
        expected = ordered[0].ipp + np.outer(np.arange(len(ordered)), step)
        actual = np.array([h.ipp for h in ordered])
        worst = float(np.max(np.linalg.norm(actual - expected, axis=1)))
        if worst > _STACK_TOLERANCE * float(np.linalg.norm(step)):
            raise BadInput(
                f"{_series_label(first)}: slices are not evenly spaced (a slice is {worst:.2f} mm off a "
                "regular stack); slices may be missing from the upload."
            )
    else:
        lps[:3, 2] = slice_normal(first.iop) * (first.slice_thickness or 1.0)
    lps[:3, 3] = first.ipp
    return LPS_TO_RAS @ lps


def _decode(h: SliceHeader, name: NameFn) -> np.ndarray:
    """Decode one slice's pixels as (columns, rows), RGB folded to luminance."""
    try:
        ds = pydicom.dcmread(h.path)
        pixels = ds.pixel_array
    except (
        InvalidDicomError,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        AttributeError,
        KeyError,
    ) as exc:
        raise BadInput(
            f"{name(h.path)}: its pixel data cannot be decoded ({error_text(exc, h.path, name(h.path))})."
        ) from exc
    if h.samples_per_pixel == 3 and pixels.ndim == 3:
        pixels = pixels[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if pixels.shape != (h.rows, h.columns):
        raise BadInput(f"{name(h.path)}: pixel data shape {pixels.shape} does not match Rows x Columns.")
    return pixels.T


def load_series(
    slices: Sequence[SliceHeader], name: NameFn = _default_name, max_voxels: int = MAX_VOXELS, lazy: bool = False
) -> LoadedVolume:
    """Stack one series' slices into a volume (rescale applied; masks as uint8).

    Geometry comes from the headers; with ``lazy`` the pixels are decoded on first use of ``data``.
    """
    _check_consistent(slices, name)
    ordered = sort_slices(slices, name)
    first = ordered[0]
    shape = (first.columns, first.rows, len(ordered))
    check_voxel_count(shape, _series_label(first), max_voxels)
    affine = series_affine(ordered)
    label = is_mask_series(first)

    def read() -> np.ndarray:
        rescaled = any(h.slope != 1.0 or h.intercept != 0.0 for h in ordered)
        data: np.ndarray | None = None
        for k, h in enumerate(ordered):
            px = _decode(h, name)
            if rescaled:
                px = px.astype(np.float32) * np.float32(h.slope) + np.float32(h.intercept)
            if data is None:
                data = np.empty(shape, dtype=px.dtype)
            elif not np.can_cast(px.dtype, data.dtype, "safe"):
                data = data.astype(np.result_type(data.dtype, px.dtype))
            data[:, :, k] = px
        assert data is not None
        return as_label_array(data, _series_label(first)) if label else data

    volume = LoadedVolume(
        source=read,
        shape=shape,
        affine=affine,
        modality=first.modality,
        source_format="dicom",
        patient_key=first.key.patient_id or f"anonymous-{(first.key.study_uid or first.key.series_uid)[-12:]}",
        study_uid=first.key.study_uid or None,
        series_uid=first.key.series_uid or None,
        description=first.description or name(first.path),
        series_number=first.series_number,
        is_label=label,
        study_description=first.study_description,
    )
    if not lazy:
        volume.data  # noqa: B018 - decode now: the caller expects undecodable pixels to be refused here
    return volume


def load_dicom_files(
    paths: Sequence[Path], name: NameFn = _default_name, max_voxels: int = MAX_VOXELS, lazy: bool = False
) -> list[LoadedVolume]:
    """Read a set of DICOM files and return one volume per series, ordered by patient, study, series number.

    Raises BadInput naming the first file that is not DICOM or whose series cannot form a regular volume.
    """
    if not paths:
        raise BadInput("No DICOM files were given.")
    headers = [read_header(Path(p), name) for p in paths]
    volumes = [load_series(group, name, max_voxels, lazy) for group in group_series(headers).values()]
    volumes.sort(key=lambda v: (v.patient_key, v.study_uid or "", _series_sort_key(v)))
    logger.info("ingest.dicom.loaded", extra={"files": len(headers), "series": len(volumes)})
    return volumes


def _series_sort_key(v: LoadedVolume) -> tuple[bool, int, str, str]:
    """SeriesNumber first (missing numbers last), then description and UID for a stable order."""
    return (v.series_number is None, v.series_number or 0, v.description, v.series_uid or "")
