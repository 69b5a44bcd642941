"""DICOM series → ``LoadedVolume``.

Files are read twice on purpose: a header-only pass (``stop_before_pixels``) groups them into series and
checks geometry, keeping only a few numbers per file; pixels are then decoded one series at a time into a
preallocated array. Peak memory is therefore about one volume plus one slice, whatever the upload size.

Geometry follows the DICOM standard (C.7.6.2.1.1): the first ImageOrientationPatient triplet is the direction
of increasing column index, the second the direction of increasing row index, both in LPS patient space.
Slices are ordered by their ImagePositionPatient projected on the normal of these two vectors; file names and
InstanceNumber are not reliable orders. The affine is built in LPS and flipped to NIfTI's RAS+.

A multi-frame instance (enhanced CT/MR, RT dose, cine) contributes one slice record per frame with the frame's
own geometry (``multiframe.py``), so frames are sorted and checked exactly like single-frame files and a series
may even mix both. A DICOM SEG is not an image: it becomes the label of the image series it references
(``dicom_seg.py``), which must be in the same upload.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
from pydicom import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.pixels.decoders.base import get_decoder
from pydicom.pixels.processing import apply_color_lut
from pydicom.pixels.utils import iter_pixels
from pydicom.uid import UID, DeflatedExplicitVRLittleEndian

from backend.core.errors import BadInput
from backend.ingest.dicom_headers import dcmread_lenient, read_header_only
from backend.ingest.dicom_seg import SEG_SOP_CLASSES, SegHeader, load_seg_label, read_seg_header
from backend.ingest.multiframe import frame_geometries
from backend.ingest.volume import (
    MAX_VOXELS,
    LoadedVolume,
    SourceFrame,
    as_label_array,
    check_voxel_count,
    error_text,
)

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
    """The few header values needed to group, sort and decode one slice: a single-frame file or one frame."""

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
    sop_instance_uid: str = ""
    sop_class_uid: str = ""
    frame_of_reference_uid: str = ""
    frame: int | None = None  # 0-based index within a multi-frame file; None for a single-frame file


@dataclass
class DicomFile:
    """What one DICOM file holds: image slices (one per frame), or a SEG to become a label."""

    path: Path
    slices: list[SliceHeader]
    seg: SegHeader | None = None


def is_dicom_file(path: Path) -> bool:
    """True when the file carries the DICOM Part 10 preamble ("DICM" at byte 128)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(132)
    except OSError:
        return False
    return len(head) == 132 and head[128:] == b"DICM"


def _opt_int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _sop_class_name(ds: Dataset) -> str:
    uid = str(ds.get("SOPClassUID", "") or "")
    modality = str(ds.get("Modality", "") or "")
    if not uid:
        return f"DICOM {modality} object without a SOP Class UID" if modality else "DICOM dataset without a SOP class"
    name = UID(uid).name
    kind = f"DICOM {name} object" if name != uid else f"DICOM object of SOP class {uid}"
    return f"{kind} (modality {modality})" if modality else kind


def codec_problem(transfer_syntax: str) -> str | None:
    """Why pixels in ``transfer_syntax`` cannot be decoded here, or None when a decoder is installed."""
    if not transfer_syntax:
        return None
    uid = UID(transfer_syntax)
    if not uid.is_compressed:
        return None
    try:
        decoder = get_decoder(uid)
    except NotImplementedError:
        return f"its transfer syntax {uid.name} ({uid}) is not supported (no decoder exists for it in pydicom)"
    if not decoder.is_available:
        return f"no decoder for its transfer syntax {uid.name} ({uid}) is installed on this server"
    return None


def read_dicom(path: Path, name: NameFn = _default_name) -> DicomFile:
    """Read one file's header (no pixels); BadInput when it is not DICOM or holds neither an image nor a SEG."""
    try:
        ds = dcmread_lenient(path, stop_before_pixels=True)
    except InvalidDicomError as exc:
        raise BadInput(f"{name(path)} is not a DICOM file ({error_text(exc, path, name(path))}).") from exc
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError) as exc:
        raise BadInput(f"{name(path)} is a damaged DICOM file ({error_text(exc, path, name(path))}).") from exc
    try:
        return _read_dataset(ds, path, name)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # pydicom converts values lazily: a malformed element surfaces only when it is read.
        raise BadInput(f"{name(path)} is a damaged DICOM file ({error_text(exc, path, name(path))}).") from exc


def _read_dataset(ds: Dataset, path: Path, name: NameFn) -> DicomFile:
    modality = str(ds.get("Modality", "") or "OT")
    sop_class = str(ds.get("SOPClassUID", "") or "")
    if sop_class in SEG_SOP_CLASSES:
        return DicomFile(path=path, slices=[], seg=read_seg_header(ds, path, name(path)))
    if "Rows" not in ds or "Columns" not in ds:
        raise BadInput(
            f"{name(path)} is a {_sop_class_name(ds)}, which holds no image; only image "
            "series, mask image series and DICOM SEG objects can be imported (reports, RT structure sets and "
            "plans, presentation states, waveforms and documents cannot)."
        )
    rows, columns = _opt_int(ds.get("Rows")), _opt_int(ds.get("Columns"))
    if not rows or not columns or rows < 0 or columns < 0:
        raise BadInput(
            f"{name(path)}: its Rows/Columns ({ds.get('Rows')!r} x {ds.get('Columns')!r}) do not describe an "
            "image; the file is damaged or not an image."
        )
    transfer_syntax = str(getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", "") or "")
    problem = codec_problem(transfer_syntax)
    if problem:
        raise BadInput(f"{name(path)}: its pixel data cannot be decoded: {problem}.")
    frames = _opt_int(ds.get("NumberOfFrames")) or 1
    if ds.get("NumberOfFrames") not in (None, "") and _opt_int(ds.get("NumberOfFrames")) is None or frames < 1:
        raise BadInput(f"{name(path)}: NumberOfFrames is {ds.get('NumberOfFrames')!r}; the file is damaged.")
    key = SeriesKey(
        patient_id=str(ds.get("PatientID", "") or ds.get("PatientName", "") or "").strip(),
        study_uid=str(ds.get("StudyInstanceUID", "") or ""),
        series_uid=str(ds.get("SeriesInstanceUID", "") or ""),
    )
    multi = frames > 1 or "PerFrameFunctionalGroupsSequence" in ds or "SharedFunctionalGroupsSequence" in ds
    geometries = frame_geometries(ds, frames, name(path))
    slices = [
        SliceHeader(
            path=path,
            key=key,
            modality=modality,
            description=str(ds.get("SeriesDescription", "") or ""),
            study_description=str(ds.get("StudyDescription", "") or ""),
            series_number=_opt_int(ds.get("SeriesNumber")),
            rows=rows,
            columns=columns,
            iop=g.iop,
            ipp=g.ipp,
            pixel_spacing=g.pixel_spacing,
            slice_thickness=g.slice_thickness,
            # A missing or zero slope means "no rescale" (zero would erase the image and is never meant).
            slope=g.slope or 1.0,
            intercept=g.intercept,
            samples_per_pixel=_opt_int(ds.get("SamplesPerPixel")) or 1,
            sop_instance_uid=str(ds.get("SOPInstanceUID", "") or ""),
            sop_class_uid=sop_class,
            frame_of_reference_uid=str(ds.get("FrameOfReferenceUID", "") or ""),
            frame=index if multi else None,
        )
        for index, g in enumerate(geometries)
    ]
    return DicomFile(path=path, slices=slices)


def read_header(path: Path, name: NameFn = _default_name) -> SliceHeader:
    """The first slice of an image file (its grouping keys and geometry); BadInput for anything else."""
    found = read_dicom(path, name)
    if not found.slices:
        raise BadInput(f"{name(path)} is a DICOM SEG, not an image.")
    return found.slices[0]


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


def _where(h: SliceHeader, name: NameFn) -> str:
    """A slice as users know it: the file, and the frame for a multi-frame file."""
    return name(h.path) if h.frame is None else f"frame {h.frame + 1} of {name(h.path)}"


def _check_consistent(slices: Sequence[SliceHeader], name: NameFn) -> None:
    """All slices of a series must share size, orientation and pixel spacing to form one grid."""
    first = slices[0]
    what = _series_label(first)
    for h in slices[1:]:
        if (h.rows, h.columns) != (first.rows, first.columns):
            raise BadInput(
                f"{what}: {_where(h, name)} is {h.rows}x{h.columns} pixels but {_where(first, name)} is "
                f"{first.rows}x{first.columns}; all slices of a series must have the same size."
            )
        if (h.iop is None) != (first.iop is None) or (
            h.iop is not None and first.iop is not None and not np.allclose(h.iop, first.iop, atol=_IOP_ATOL)
        ):
            raise BadInput(
                f"{what}: {_where(h, name)} has a different ImageOrientationPatient than {_where(first, name)}; "
                "a series with mixed orientations cannot be stacked into one volume."
            )
        if (h.pixel_spacing is None) != (first.pixel_spacing is None) or (
            h.pixel_spacing is not None
            and first.pixel_spacing is not None
            and not np.allclose(h.pixel_spacing, first.pixel_spacing, rtol=1e-4)
        ):
            raise BadInput(f"{what}: {_where(h, name)} has a different PixelSpacing than {_where(first, name)}.")
        if h.samples_per_pixel != first.samples_per_pixel:
            raise BadInput(f"{what}: {_where(h, name)} mixes colour and greyscale slices.")


def slice_normal(iop: np.ndarray) -> np.ndarray:
    """Unit normal of the slice plane: cross product of the row and column direction cosines (LPS)."""
    normal = np.cross(iop[:3], iop[3:])
    norm = np.linalg.norm(normal)
    if norm < 1e-6:
        raise BadInput("ImageOrientationPatient does not describe a plane (its two vectors are parallel).")
    unit: np.ndarray = normal / norm
    return unit


def sort_slices(slices: Sequence[SliceHeader], name: NameFn = _default_name) -> list[SliceHeader]:
    """Order slices along the slice normal (ascending), refusing duplicated positions.

    The frames of one multi-frame file without any position (cine, secondary capture) keep their stored order.
    """
    first = slices[0]
    if len(slices) == 1:
        return list(slices)
    if all(h.ipp is None for h in slices) and len({h.path for h in slices}) == 1:
        return sorted(slices, key=lambda h: h.frame or 0)
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
            f"{_series_label(first)}: {_where(a, name)} and {_where(b, name)} lie at the same position; the "
            "series holds several volumes (echoes, time points or a duplicate upload) and cannot be stacked."
        )
    return ordered


def series_affine(ordered: Sequence[SliceHeader]) -> np.ndarray:
    """Voxel (column, row, slice) → RAS+ mm affine from the sorted slices' geometry."""
    first = ordered[0]
    row_spacing, col_spacing = first.pixel_spacing or (1.0, 1.0)
    if first.iop is None or first.ipp is None:
        # Slices without geometry (secondary capture, photo, cine): lay them out like a 2D image stack.
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


_DECODE_ERRORS = (
    InvalidDicomError,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    AttributeError,
    KeyError,
    TypeError,
    IndexError,
)


def _frame_pixels(pixels: np.ndarray, h: SliceHeader, name: NameFn) -> np.ndarray:
    """One decoded frame as (columns, rows) in native byte order, RGB folded to luminance."""
    if pixels.ndim == 3 and pixels.shape[:2] == (h.rows, h.columns):  # RGB, or a palette already applied
        pixels = pixels[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if pixels.shape != (h.rows, h.columns):
        raise BadInput(f"{_where(h, name)}: pixel data shape {pixels.shape} does not match Rows x Columns.")
    if not pixels.dtype.isnative:
        pixels = pixels.astype(pixels.dtype.newbyteorder("="))
    return pixels.T


def _decode_error(path: Path, name: NameFn, exc: BaseException) -> BadInput:
    return BadInput(f"{name(path)}: its pixel data cannot be decoded ({error_text(exc, path, name(path))}).")


def _decode(h: SliceHeader, name: NameFn) -> np.ndarray:
    """Decode one single-frame file's pixels as (columns, rows)."""
    try:
        ds = dcmread_lenient(h.path)
        pixels = ds.pixel_array
        if ds.get("PhotometricInterpretation") == "PALETTE COLOR":
            pixels = apply_color_lut(pixels, ds)  # indices mean nothing without their colours
    except _DECODE_ERRORS as exc:
        raise _decode_error(h.path, name, exc) from exc
    return _frame_pixels(pixels, h, name)


def _transfer_syntax(path: Path) -> str:
    meta = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["NumberOfFrames"]).file_meta
    return str(meta.get("TransferSyntaxUID", ""))


def _iter_frames(path: Path, name: NameFn) -> Iterator[np.ndarray]:
    """Decode a multi-frame file frame by frame (one frame in memory), in stored order.

    A deflated file cannot be read frame by frame (the whole dataset is compressed), nor can a file without
    File Meta be handed to pydicom's frame iterator, so those are decoded at once.
    """
    try:
        if not is_dicom_file(path) or _transfer_syntax(path) == DeflatedExplicitVRLittleEndian:
            pixels = dcmread_lenient(path).pixel_array
            yield from (pixels if pixels.ndim >= 3 and pixels.shape[0] > 1 else [pixels])
            return
        yield from iter_pixels(path)
    except _DECODE_ERRORS as exc:
        raise _decode_error(path, name, exc) from exc


def _read_pixels(ordered: Sequence[SliceHeader], name: NameFn) -> Iterator[tuple[int, np.ndarray]]:
    """(slice index, pixels) for every slice, reading each file once whatever the slice order."""
    by_file: dict[Path, dict[int | None, int]] = {}
    for k, h in enumerate(ordered):
        by_file.setdefault(h.path, {})[h.frame] = k
    for path, slots in by_file.items():
        if None in slots:
            k = slots[None]
            yield k, _decode(ordered[k], name)
            continue
        count = 0
        for index, frame in enumerate(_iter_frames(path, name)):
            count += 1
            if index in slots:
                k = slots[index]
                yield k, _frame_pixels(frame, ordered[k], name)
        if count < len(slots):
            raise BadInput(f"{name(path)}: it holds {count} frames of pixel data, its header says {len(slots)}.")


def _source_headers(ordered: Sequence[SliceHeader], name: NameFn) -> Callable[[], list[Dataset]]:
    """Reads the header-only datasets of the series' files, in slice order, when first asked for."""
    paths = list(dict.fromkeys(h.path for h in ordered))

    def read() -> list[Dataset]:
        try:
            return [read_header_only(path) for path in paths]
        except _DECODE_ERRORS as exc:
            raise BadInput(f"{name(paths[0])}: its header cannot be read again ({exc}).") from exc

    return read


def _narrowest_int(data: np.ndarray) -> np.ndarray:
    """Rescaled int32 pixels in the smallest integer type that holds them all (CT: int16)."""
    low, high = int(data.min()), int(data.max())
    for dtype in (np.uint8, np.int16, np.uint16):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return data.astype(dtype)
    return data


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
        # CT's usual rescale (slope 1, intercept -1024) gives whole Hounsfield units: kept as integers they are half
        # the bytes of float32 on disk and on the wire, and the viewer uploads them as 16-bit integers.
        # The bounds keep 16-bit pixels x slope + intercept within int32.
        integral = all(
            float(h.slope).is_integer()
            and abs(h.slope) <= 2**14
            and float(h.intercept).is_integer()
            and abs(h.intercept) <= 2**30
            for h in ordered
        )
        narrow = False
        data: np.ndarray | None = None
        for k, px in _read_pixels(ordered, name):
            h = ordered[k]
            if rescaled and integral and px.dtype.kind in "iu" and px.dtype.itemsize <= 2:
                px = px.astype(np.int32) * np.int32(h.slope) + np.int32(h.intercept)
                narrow = True
            elif rescaled:
                px = px.astype(np.float32) * np.float32(h.slope) + np.float32(h.intercept)
            if data is None:
                data = np.zeros(shape, dtype=px.dtype)
            elif not np.can_cast(px.dtype, data.dtype, "safe"):
                data = data.astype(np.result_type(data.dtype, px.dtype))
            data[:, :, k] = px
        assert data is not None
        if narrow and data.dtype == np.int32:
            data = _narrowest_int(data)
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
        headers_source=_source_headers(ordered, name),
        source_frames=[
            SourceFrame(h.sop_instance_uid, h.sop_class_uid, None if h.frame is None else h.frame + 1) for h in ordered
        ],
        frame_of_reference_uid=first.frame_of_reference_uid or None,
    )
    if not lazy:
        volume.data  # noqa: B018 - decode now: the caller expects undecodable pixels to be refused here
    return volume


def load_dicom_files(
    paths: Sequence[Path],
    name: NameFn = _default_name,
    max_voxels: int = MAX_VOXELS,
    lazy: bool = False,
    label_names: Mapping[str, int] | None = None,
) -> list[LoadedVolume]:
    """Read a set of DICOM files and return one volume per series, ordered by patient, study, series number.

    A DICOM SEG becomes a label volume on the grid of the image series it references (which must be among
    ``paths``); ``label_names`` (project label name → value) maps its segments by name, else segment numbers
    are the label values. Raises BadInput naming the first file that is not DICOM or whose series cannot form
    a regular volume.
    """
    if not paths:
        raise BadInput("No DICOM files were given.")
    files = [read_dicom(Path(p), name) for p in paths]
    headers = [h for f in files for h in f.slices]
    images = [load_series(group, name, max_voxels, lazy) for group in group_series(headers).values()]
    labels = [load_seg_label(f.seg, images, name(f.path), label_names, lazy) for f in files if f.seg is not None]
    volumes = images + labels
    volumes.sort(key=lambda v: (v.patient_key, v.study_uid or "", _series_sort_key(v)))
    logger.info("ingest.dicom.loaded", extra={"files": len(files), "series": len(volumes)})
    return volumes


def _series_sort_key(v: LoadedVolume) -> tuple[bool, int, str, str]:
    """SeriesNumber first (missing numbers last), then description and UID for a stable order."""
    return (v.series_number is None, v.series_number or 0, v.description, v.series_uid or "")
