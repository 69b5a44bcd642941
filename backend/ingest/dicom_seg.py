"""DICOM SEG objects as imported labels, on the grid of the image series they reference.

A SEG stores one frame per (segment, source frame) it covers, and each frame says which source instance (and
frame) it was derived from. The header pass only parses those references and the frames' geometry, finds the
referenced image series among the upload's volumes and checks that every SEG frame lies exactly on the slice it
references (position, orientation, pixel size), so a SEG drawn on another grid is refused by name before any
pixel is decoded. The voxels are read later with highdicom's ``get_pixels_by_source_instance`` /
``get_pixels_by_source_frame``, which return the frames in the image's slice order.

Segment values: the project's label values when every segment's SegmentLabel names a project label
(case-insensitive), otherwise the segment numbers themselves. Where segments overlap, the higher segment
number wins (a tumour drawn inside its organ stays a tumour).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydicom import Dataset

from backend.core.errors import BadInput
from backend.ingest.multiframe import float_list
from backend.ingest.volume import GRID_TOLERANCE_VOXELS, LoadedVolume, SourceFrame

if TYPE_CHECKING:
    import highdicom as hd

SEG_SOP_CLASSES = frozenset(
    {
        "1.2.840.10008.5.1.4.1.1.66.4",  # Segmentation Storage
        "1.2.840.10008.5.1.4.1.1.66.7",  # Label Map Segmentation Storage
    }
)
_LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])
_IOP_ATOL = 1e-3


@dataclass(frozen=True)
class SegFrame:
    """One SEG frame: the segment it belongs to, the source frame it was derived from and its position."""

    segment_number: int | None
    source_sop_instance_uid: str | None
    source_frame_number: int | None
    ipp: np.ndarray | None


@dataclass
class SegHeader:
    path: Path
    display: str
    patient_id: str
    study_uid: str
    series_uid: str
    description: str
    series_number: int | None
    segmentation_type: str
    rows: int
    columns: int
    iop: np.ndarray | None
    pixel_spacing: tuple[float, float] | None
    frame_of_reference_uid: str
    referenced_series: list[str]
    segments: list[tuple[int, str]]
    frames: list[SegFrame] = field(default_factory=list)

    @property
    def what(self) -> str:
        return f"{self.display} (DICOM SEG '{self.description or self.series_uid}')"


def _first(seq: object) -> Dataset | None:
    return seq[0] if seq else None  # type: ignore[index]


def _int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _fg(frame: Dataset | None, shared: Dataset | None, sequence: str, keyword: str) -> object:
    for item in (frame, shared):
        macro = _first(item.get(sequence)) if item is not None else None
        if macro is not None and macro.get(keyword) not in (None, ""):
            return macro.get(keyword)
    return None


def _source_ref(frame: Dataset | None) -> tuple[str | None, int | None]:
    """The (SOP instance UID, frame number) a SEG frame was derived from, from its Derivation Image macro."""
    derivation = _first(frame.get("DerivationImageSequence")) if frame is not None else None
    source = _first(derivation.get("SourceImageSequence")) if derivation is not None else None
    if source is None:
        return None, None
    uid = str(source.get("ReferencedSOPInstanceUID", "") or "") or None
    numbers = source.get("ReferencedFrameNumber")
    if numbers in (None, ""):
        return uid, None
    values = list(numbers) if isinstance(numbers, Sequence) and not isinstance(numbers, str) else [numbers]
    return uid, _int(values[0]) if values else None


def read_seg_header(ds: Dataset, path: Path, display: str) -> SegHeader:
    """Parse a SEG's segments, references and per-frame geometry from its header (no pixels)."""
    rows, columns = _int(ds.get("Rows")), _int(ds.get("Columns"))
    if not rows or not columns:
        raise BadInput(f"{display}: this DICOM SEG has no Rows/Columns; the file is damaged.")
    frames = _int(ds.get("NumberOfFrames")) or 1
    shared = _first(ds.get("SharedFunctionalGroupsSequence"))
    per_frame = ds.get("PerFrameFunctionalGroupsSequence") or []
    if per_frame and len(per_frame) < frames:
        raise BadInput(
            f"{display}: this DICOM SEG has {frames} frames but {len(per_frame)} Per-frame Functional Groups "
            "items; the file is damaged."
        )
    segments = []
    for item in ds.get("SegmentSequence") or []:
        number = _int(item.get("SegmentNumber"))
        if number is not None:
            segments.append((number, str(item.get("SegmentLabel", "") or "")))
    if not segments:
        raise BadInput(f"{display}: this DICOM SEG defines no segment (empty SegmentSequence).")
    seg_frames = []
    for index in range(frames):
        frame = per_frame[index] if per_frame else None
        uid, number = _source_ref(frame)
        seg_frames.append(
            SegFrame(
                segment_number=_int(_fg(frame, shared, "SegmentIdentificationSequence", "ReferencedSegmentNumber")),
                source_sop_instance_uid=uid,
                source_frame_number=number,
                ipp=float_list(_fg(frame, shared, "PlanePositionSequence", "ImagePositionPatient"), 3),
            )
        )
    spacing = float_list(_fg(None, shared, "PixelMeasuresSequence", "PixelSpacing"), 2)
    referenced = [str(item.get("SeriesInstanceUID", "")) for item in ds.get("ReferencedSeriesSequence") or [] if item]
    return SegHeader(
        path=path,
        display=display,
        patient_id=str(ds.get("PatientID", "") or ds.get("PatientName", "") or "").strip(),
        study_uid=str(ds.get("StudyInstanceUID", "") or ""),
        series_uid=str(ds.get("SeriesInstanceUID", "") or ""),
        description=str(ds.get("SeriesDescription", "") or ""),
        series_number=_int(ds.get("SeriesNumber")),
        segmentation_type=str(ds.get("SegmentationType", "") or "BINARY").upper(),
        rows=rows,
        columns=columns,
        iop=float_list(
            _fg(per_frame[0] if per_frame else None, shared, "PlaneOrientationSequence", "ImageOrientationPatient"), 6
        ),
        pixel_spacing=(float(spacing[0]), float(spacing[1])) if spacing is not None else None,
        frame_of_reference_uid=str(ds.get("FrameOfReferenceUID", "") or ""),
        referenced_series=[uid for uid in referenced if uid],
        segments=segments,
        frames=seg_frames,
    )


def segment_values(seg: SegHeader, label_names: Mapping[str, int] | None) -> list[tuple[int, int]]:
    """(segment number, label value) pairs in increasing segment number (so higher numbers paint last)."""
    names = {name.strip().casefold(): int(value) for name, value in (label_names or {}).items()}
    by_name = bool(names) and all(label.strip().casefold() in names for _, label in seg.segments)
    pairs = sorted((number, names[label.strip().casefold()] if by_name else number) for number, label in seg.segments)
    bad = [value for _, value in pairs if not 1 <= value <= 255]
    if bad:
        raise BadInput(f"{seg.what}: segment values {bad} do not fit a label map (1..255).")
    return pairs


def _find_image(seg: SegHeader, images: Sequence[LoadedVolume]) -> LoadedVolume:
    candidates = [v for v in images if not v.is_label and v.series_uid and v.series_uid in seg.referenced_series]
    refs = {f.source_sop_instance_uid for f in seg.frames if f.source_sop_instance_uid}
    if not candidates and refs:
        candidates = [
            v for v in images if not v.is_label and refs & {sf.sop_instance_uid for sf in v.source_frames or []}
        ]
    if not candidates:
        series = ", ".join(seg.referenced_series) or "(none named)"
        raise BadInput(
            f"{seg.what} labels image series {series}, which is not in this upload; upload the SEG together "
            "with the image series it was drawn on."
        )
    if len(candidates) > 1:
        with_refs = [v for v in candidates if refs & {sf.sop_instance_uid for sf in v.source_frames or []}]
        if len(with_refs) == 1:
            return with_refs[0]
        raise BadInput(f"{seg.what} references several image series of the upload; upload one SEG per series.")
    return candidates[0]


def _slice_positions_lps(image: LoadedVolume) -> np.ndarray:
    """LPS position of the first voxel of every slice of ``image``."""
    lps = _LPS_TO_RAS @ np.asarray(image.affine, dtype=np.float64)
    ks = np.arange(image.shape[2], dtype=np.float64)
    positions: np.ndarray = lps[:3, 3] + np.outer(ks, lps[:3, 2])
    return positions


def _frame_slices(seg: SegHeader, image: LoadedVolume) -> list[int]:
    """The image slice every SEG frame lies on, checking its reference against its position."""
    assert image.source_frames is not None
    index = {(sf.sop_instance_uid, sf.frame_number): k for k, sf in enumerate(image.source_frames)}
    multi_source = any(sf.frame_number is not None for sf in image.source_frames)
    positions = _slice_positions_lps(image)
    tolerance = GRID_TOLERANCE_VOXELS * min(image.spacing)
    out = []
    for i, frame in enumerate(seg.frames):
        if frame.source_sop_instance_uid is None:
            raise BadInput(
                f"{seg.what}: frame {i + 1} does not say which image it was derived from (no Derivation Image "
                "Sequence), so it cannot be placed on the image; export the SEG with source image references."
            )
        number = frame.source_frame_number if multi_source else None
        if multi_source and number is None:
            number = 1
        k = index.get((frame.source_sop_instance_uid, number))
        if k is None:
            raise BadInput(
                f"{seg.what}: frame {i + 1} was derived from an image frame that is not part of series "
                f"'{image.description}'."
            )
        if frame.ipp is not None and float(np.linalg.norm(frame.ipp - positions[k])) > tolerance:
            raise BadInput(
                f"{seg.what}: frame {i + 1} lies {float(np.linalg.norm(frame.ipp - positions[k])):.2f} mm away "
                f"from the image slice it references in series '{image.description}'; the SEG is not on the "
                "image grid."
            )
        out.append(k)
    return out


def _check_plane(seg: SegHeader, image: LoadedVolume) -> None:
    columns, rows = image.shape[0], image.shape[1]
    if (seg.rows, seg.columns) != (rows, columns):
        raise BadInput(
            f"{seg.what} has {seg.rows}x{seg.columns} pixels per frame but series '{image.description}' has "
            f"{rows}x{columns}; a SEG must have its image's size."
        )
    lps = _LPS_TO_RAS @ np.asarray(image.affine, dtype=np.float64)
    col_spacing, row_spacing = (float(np.linalg.norm(lps[:3, j])) for j in (0, 1))
    if seg.iop is not None:
        directions = np.concatenate([lps[:3, 0] / col_spacing, lps[:3, 1] / row_spacing])
        if not np.allclose(seg.iop, directions, atol=_IOP_ATOL):
            raise BadInput(f"{seg.what} has another orientation than series '{image.description}'.")
    if seg.pixel_spacing is not None and not np.allclose(seg.pixel_spacing, (row_spacing, col_spacing), rtol=1e-3):
        raise BadInput(
            f"{seg.what} has pixel spacing {seg.pixel_spacing} but series '{image.description}' "
            f"{(row_spacing, col_spacing)}."
        )


def _label_affine(seg: SegHeader, image: LoadedVolume, slices: Sequence[int]) -> np.ndarray:
    """The SEG's own grid: its orientation and pixel size, placed by its first positioned frame.

    ``check_label_fits`` then compares this grid with the image's, as for any other label.
    """
    affine = np.array(image.affine, dtype=np.float64)
    lps = _LPS_TO_RAS @ affine
    if seg.iop is not None and seg.pixel_spacing is not None:
        lps[:3, 0] = seg.iop[:3] * seg.pixel_spacing[1]
        lps[:3, 1] = seg.iop[3:] * seg.pixel_spacing[0]
    positioned = [(k, f.ipp) for k, f in zip(slices, seg.frames, strict=True) if f.ipp is not None]
    if positioned:
        k, ipp = positioned[0]
        lps[:3, 3] = ipp - k * lps[:3, 2]
    out: np.ndarray = _LPS_TO_RAS @ lps
    return out


def load_seg_label(
    seg: SegHeader,
    images: Sequence[LoadedVolume],
    display: str,
    label_names: Mapping[str, int] | None = None,
    lazy: bool = True,
) -> LoadedVolume:
    """The SEG as a uint8 label volume on the grid of the image series it references (decoded lazily)."""
    image = _find_image(seg, images)
    if not image.source_frames:
        raise BadInput(f"{seg.what}: series '{image.description}' has no DICOM instances to reference.")
    if seg.segmentation_type not in {"BINARY", "FRACTIONAL", "LABELMAP"}:
        raise BadInput(f"{seg.what}: segmentation type {seg.segmentation_type} is not supported.")
    _check_plane(seg, image)
    slices = _frame_slices(seg, image)
    values = segment_values(seg, label_names)
    shape = image.shape
    source_frames = list(image.source_frames)
    covered = sorted(set(slices))
    path = seg.path

    def read() -> np.ndarray:
        out = np.zeros((shape[2], shape[1], shape[0]), dtype=np.uint8)  # (slices, rows, columns)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                segmentation = _read_segmentation(path)
                fractional = seg.segmentation_type == "FRACTIONAL"
                threshold = (int(segmentation.get("MaximumFractionalValue", 255)) + 1) // 2 if fractional else 1
                for number, value in values:
                    masks = _segment_masks(segmentation, source_frames, covered, number)
                    part = out[covered]
                    part[masks >= threshold] = value
                    out[covered] = part
        except BadInput:
            raise
        except (ValueError, RuntimeError, KeyError, AttributeError, TypeError, IndexError, OSError) as exc:
            raise BadInput(f"{seg.what}: its segments cannot be read ({exc}).") from exc
        return np.ascontiguousarray(out.transpose(2, 1, 0))

    label = LoadedVolume(
        source=read,
        shape=shape,
        affine=_label_affine(seg, image, slices),
        modality="SEG",
        source_format="dicom-seg",
        patient_key=image.patient_key,
        study_uid=image.study_uid,
        series_uid=seg.series_uid or None,
        description=seg.description or display,
        series_number=seg.series_number,
        is_label=True,
        study_description=image.study_description,
        frame_of_reference_uid=seg.frame_of_reference_uid or None,
        label_of=image.series_uid,
    )
    if not lazy:
        label.data  # noqa: B018 - decode now, as the image series were
    return label


def _read_segmentation(path: Path) -> hd.seg.Segmentation:
    """highdicom's reader, after rewriting a big-endian SEG (retired syntax, which highdicom refuses) as
    little endian: pydicom decodes the frames and they are stored again unchanged."""
    import highdicom as hd  # imported on the first SEG only: it adds a second to every process start
    from pydicom import dcmread
    from pydicom.pixels.utils import pack_bits
    from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian

    ds = dcmread(path)
    if ds.file_meta.get("TransferSyntaxUID") == ExplicitVRBigEndian:
        pixels = ds.pixel_array
        packed = pack_bits(pixels) if int(ds.BitsAllocated) == 1 else pixels.astype(pixels.dtype.newbyteorder("<"))
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.PixelData = packed if isinstance(packed, bytes) else packed.tobytes()
        ds["PixelData"].VR = "OB" if int(ds.BitsAllocated) <= 8 else "OW"
    return hd.seg.Segmentation.from_dataset(ds, copy=False)


def _segment_masks(
    segmentation: hd.seg.Segmentation, source_frames: Sequence[SourceFrame], covered: Sequence[int], number: int
) -> np.ndarray:
    """One segment's stored values on the covered slices, (len(covered), rows, columns), in slice order."""
    frames = [source_frames[k] for k in covered]
    if all(f.frame_number is None for f in frames):
        pixels = segmentation.get_pixels_by_source_instance(
            [f.sop_instance_uid for f in frames],
            segment_numbers=[number],
            ignore_spatial_locations=True,  # positions were checked against the image before
            rescale_fractional=False,
            dtype=np.uint8,
        )
        result: np.ndarray = np.asarray(pixels)[..., 0]
        return result
    out: np.ndarray | None = None
    for uid in dict.fromkeys(f.sop_instance_uid for f in frames):
        positions = [i for i, f in enumerate(frames) if f.sop_instance_uid == uid]
        numbers = [frames[i].frame_number or 1 for i in positions]
        pixels = np.asarray(
            segmentation.get_pixels_by_source_frame(
                uid,
                source_frame_numbers=numbers,
                segment_numbers=[number],
                ignore_spatial_locations=True,
                rescale_fractional=False,
                dtype=np.uint8,
            )
        )
        if out is None:
            out = np.zeros((len(frames), *pixels.shape[1:3]), dtype=np.uint8)
        out[positions] = pixels[..., 0]
    assert out is not None
    return out
