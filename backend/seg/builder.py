"""An accepted mask (the stored NIfTI, RAS voxel grid) -> a DICOM Segmentation (highdicom) on its source series.

The stored volume is the source series stacked along its slice normal (``backend.ingest.dicom``), so a source
frame's pixels are found by geometry, never by list position: each frame's ImagePositionPatient and its two
direction cosines are carried into the stored volume's voxel grid through the inverse affine (LPS -> RAS), which
must land on whole voxels along whole axes. The frames of the SEG therefore follow the source headers in whatever
order they come (file order, reversed slices, a multi-frame instance), and a header that does not lie on the
stored grid is refused instead of being written shifted.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import highdicom as hd
import numpy as np
from pydicom import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid
from pydicom.valuerep import PersonName

from backend.core.errors import Conflict
from backend.seg.coding import SegmentCoding

ALGORITHM_NAME = "Radloop UNet++"
MANUFACTURER = "Radloop"
SOFTWARE_VERSION = "0.1.0"
LPS_TO_RAS = np.array([-1.0, -1.0, 1.0])
# A source frame may sit this fraction of a voxel off the stored grid (rounded positions in the headers).
GRID_TOLERANCE_VOXELS = 0.1
# SEG series numbers of Radloop: 9000 + the annotation's version (kept within IS's range).
SERIES_NUMBER_BASE = 9000


@dataclass(frozen=True)
class SegProvenance:
    """Who and what made the mask; written into standard attributes (never a real name: ``reader`` is a pseudonym)."""

    annotation_version: int
    source: str  # "human" | "import" | "correction"
    reader: str | None  # pseudonym, e.g. "reader-3f9a1c2b"; None for an imported label
    model_version: str | None  # the model whose prediction the reader edited (SEMIAUTOMATIC); None: drawn by hand
    round_number: int | None
    strategy: str | None
    time_spent_s: float | None
    created_at: datetime

    @property
    def semiautomatic(self) -> bool:
        return self.model_version is not None


@dataclass(frozen=True)
class SegUids:
    series_instance_uid: str
    sop_instance_uid: str


def derived_uids(annotation_id: str, variant: str) -> SegUids:
    """UIDs that depend only on the annotation (and the variant: ``pacs`` with the real identity, ``deidentified``
    for downloads), so writing the same annotation again gives the same instance and a PACS replaces it instead of
    storing a duplicate. Two variants never share a UID: they are different objects (different patient module)."""
    return SegUids(
        series_instance_uid=generate_uid(entropy_srcs=["radloop-seg-series", variant, annotation_id]),
        sop_instance_uid=generate_uid(entropy_srcs=["radloop-seg-instance", variant, annotation_id]),
    )


@dataclass(frozen=True)
class FrameGeometry:
    """One source frame's plane: position of its first pixel and its direction cosines (LPS), spacing in mm."""

    position: np.ndarray
    column_step: np.ndarray  # from one column to the next (IOP[:3] x column spacing)
    row_step: np.ndarray  # from one row to the next (IOP[3:] x row spacing)
    rows: int
    columns: int


def _floats(value: object, count: int, what: str) -> np.ndarray:
    try:
        array = np.array([float(v) for v in value], dtype=np.float64)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        array = np.zeros(0)
    if array.shape != (count,):
        raise Conflict(f"SEG needs source images with a position in space: {what} is missing or malformed")
    return array


def _plane(position: object, orientation: object, spacing: object, rows: int, columns: int) -> FrameGeometry:
    iop = _floats(orientation, 6, "ImageOrientationPatient")
    row_spacing, column_spacing = _floats(spacing, 2, "PixelSpacing")
    return FrameGeometry(
        position=_floats(position, 3, "ImagePositionPatient"),
        column_step=iop[:3] * column_spacing,
        row_step=iop[3:] * row_spacing,
        rows=rows,
        columns=columns,
    )


def _functional(ds: Dataset, index: int, group: str, item: str) -> Dataset | None:
    """A functional group item of frame ``index``: per-frame first, then shared (PS3.3 C.7.6.16)."""
    for sequence, position in (("PerFrameFunctionalGroupsSequence", index), ("SharedFunctionalGroupsSequence", 0)):
        groups = ds.get(sequence)
        if groups is not None and len(groups) > position and group in groups[position]:
            found: Dataset = groups[position][group][0]
            if item in found:
                return found
    return None


def source_frames(headers: Sequence[Dataset]) -> list[FrameGeometry]:
    """The planes of the source frames, in the order a SEG built on these headers lists them."""
    if not headers:
        raise Conflict("SEG needs a DICOM source series")
    frames: list[FrameGeometry] = []
    for ds in headers:
        rows, columns = int(ds.Rows), int(ds.Columns)
        count = int(ds.get("NumberOfFrames") or 1)
        if "PerFrameFunctionalGroupsSequence" in ds:  # enhanced multi-frame: geometry per frame
            for index in range(count):
                position = _functional(ds, index, "PlanePositionSequence", "ImagePositionPatient")
                orientation = _functional(ds, index, "PlaneOrientationSequence", "ImageOrientationPatient")
                measures = _functional(ds, index, "PixelMeasuresSequence", "PixelSpacing")
                if position is None or orientation is None or measures is None:
                    raise Conflict("SEG needs source images with a position in space: a frame has no plane")
                frames.append(
                    _plane(
                        position.ImagePositionPatient,
                        orientation.ImageOrientationPatient,
                        measures.PixelSpacing,
                        rows,
                        columns,
                    )
                )
        elif count == 1:
            frames.append(
                _plane(
                    ds.get("ImagePositionPatient"),
                    ds.get("ImageOrientationPatient"),
                    ds.get("PixelSpacing"),
                    rows,
                    columns,
                )
            )
        else:
            raise Conflict("SEG needs source images with a position in space: a multi-frame source has no frame planes")
    return frames


def frames_from_mask(mask: np.ndarray, affine: np.ndarray, frames: Sequence[FrameGeometry]) -> np.ndarray:
    """The label map of every source frame, shape (frames, rows, columns), read from the stored NIfTI grid."""
    if mask.ndim != 3:
        raise Conflict(f"SEG: the stored mask has {mask.ndim} dimensions, not 3")
    inverse = np.linalg.inv(np.asarray(affine, dtype=np.float64))
    out = np.zeros((len(frames), frames[0].rows, frames[0].columns), dtype=mask.dtype)
    for n, frame in enumerate(frames):
        if (frame.rows, frame.columns) != out.shape[1:]:
            raise Conflict("SEG: the source frames differ in size")
        origin = inverse[:3, :3] @ (frame.position * LPS_TO_RAS) + inverse[:3, 3]
        column_step = inverse[:3, :3] @ (frame.column_step * LPS_TO_RAS)
        row_step = inverse[:3, :3] @ (frame.row_step * LPS_TO_RAS)
        grid = [np.round(v) for v in (origin, column_step, row_step)]
        off = max(float(np.max(np.abs(v - r))) for v, r in zip((origin, column_step, row_step), grid, strict=True))
        if off > GRID_TOLERANCE_VOXELS or np.count_nonzero(grid[1]) != 1 or np.count_nonzero(grid[2]) != 1:
            raise Conflict(
                "SEG: the stored volume is not on the source series' grid (a source frame lies between voxels); "
                "the mask cannot be written as a DICOM SEG of that series"
            )
        r, c = np.meshgrid(np.arange(frame.rows), np.arange(frame.columns), indexing="ij")
        index = [(grid[0][a] + r * grid[2][a] + c * grid[1][a]).astype(np.int64) for a in range(3)]
        if any(int(index[a].min()) < 0 or int(index[a].max()) >= mask.shape[a] for a in range(3)):
            raise Conflict("SEG: a source frame lies outside the stored volume")
        out[n] = mask[index[0], index[1], index[2]]
    return out


def _series_description(provenance: SegProvenance) -> str:
    """Short enough for LO (64): what the segmentation is and where it came from."""
    how = "edited model prediction" if provenance.semiautomatic else f"{provenance.source} label"
    if provenance.semiautomatic and provenance.round_number is not None:
        how += f", round {provenance.round_number}"
    return f"Radloop SEG v{provenance.annotation_version} ({how})"[:64]


def _contribution(provenance: SegProvenance) -> str:
    """The whole provenance in one ST sentence (Contributing Equipment's ContributionDescription)."""
    parts = [f"Radloop annotation version {provenance.annotation_version} ({provenance.source})"]
    if provenance.reader:
        parts.append(f"reader {provenance.reader}")
    if provenance.semiautomatic:
        parts.append(f"edited the prediction of model version {provenance.model_version}")
        if provenance.round_number is not None:
            parts.append(f"round {provenance.round_number}")
        if provenance.strategy:
            parts.append(f"selected by strategy {provenance.strategy}")
    else:
        parts.append("drawn without a model prediction")
    if provenance.time_spent_s is not None:
        parts.append(f"active time {provenance.time_spent_s:.0f} s")
    return "; ".join(parts)[:1024]


def _algorithm(provenance: SegProvenance) -> hd.AlgorithmIdentificationSequence | None:
    if not provenance.semiautomatic:
        return None
    parameters = {"annotation_version": str(provenance.annotation_version)}
    if provenance.round_number is not None:
        parameters["round"] = str(provenance.round_number)
    if provenance.strategy:
        parameters["strategy"] = provenance.strategy
    return hd.AlgorithmIdentificationSequence(
        name=ALGORITHM_NAME,
        family=codes.cid7162.ArtificialIntelligence,
        version=str(provenance.model_version)[:64],
        parameters=parameters,
    )


# Type 2 attributes of the Patient and General Study modules that highdicom copies from the first source image:
# they may be empty, not absent, in the SEG. Real sources leave some out (the HippoCrop series have no
# PatientBirthDate or PatientSex), so a copy of each source gets the missing ones empty.
_COPIED_TYPE2 = (
    "PatientID",
    "PatientName",
    "PatientBirthDate",
    "PatientSex",
    "AccessionNumber",
    "StudyID",
    "StudyDate",
    "StudyTime",
)


def _with_type2(ds: Dataset) -> Dataset:
    missing = [keyword for keyword in _COPIED_TYPE2 if keyword not in ds]
    if not missing:
        return ds
    filled = copy.deepcopy(ds)
    for keyword in missing:
        setattr(filled, keyword, "")
    return filled


def build_segmentation(
    *,
    mask: np.ndarray,
    affine: np.ndarray,
    source_headers: Sequence[Dataset],
    codings: Sequence[SegmentCoding],
    provenance: SegProvenance,
    uids: SegUids,
) -> hd.seg.Segmentation:
    """A BINARY SEG with one segment per project label present in ``mask`` (segment numbers 1..n by label value).

    ``source_headers`` are header-only datasets (no PixelData needed); their patient and study modules are copied
    into the SEG, so pass them de-identified for a de-identified SEG. A mask without any label still gives a valid
    SEG: every project label as an empty segment (the reader found nothing, which is a result too).
    """
    frames = frames_from_mask(np.asarray(mask), affine, source_frames(source_headers))
    present = {int(v) for v in np.unique(frames)} - {0}
    known = {c.value for c in codings}
    if present - known:
        raise Conflict(f"SEG: the mask holds values {sorted(present - known)} that are not labels of this project")
    chosen = [c for c in codings if c.value in present] or list(codings)
    labelmap = np.zeros(frames.shape, dtype=np.uint8)
    for number, coding in enumerate(chosen, start=1):
        labelmap[frames == coding.value] = number
    algorithm_type = (
        hd.seg.SegmentAlgorithmTypeValues.SEMIAUTOMATIC
        if provenance.semiautomatic
        else hd.seg.SegmentAlgorithmTypeValues.MANUAL
    )
    algorithm = _algorithm(provenance)
    descriptions = [
        hd.seg.SegmentDescription(
            segment_number=number,
            segment_label=coding.name[:64],
            segmented_property_category=coding.category,
            segmented_property_type=coding.type,
            algorithm_type=algorithm_type,
            algorithm_identification=algorithm,
            tracking_id=f"Radloop label {coding.value}",
            tracking_uid=generate_uid(entropy_srcs=["radloop-seg-segment", uids.sop_instance_uid, str(coding.value)]),
        )
        for number, coding in enumerate(chosen, start=1)
    ]
    contributor = hd.ContributingEquipment(
        manufacturer=MANUFACTURER,
        purpose_of_reference=codes.DCM.ModifyingEquipment,
        manufacturer_model_name=ALGORITHM_NAME if provenance.semiautomatic else "Radloop viewer",
        software_versions=SOFTWARE_VERSION,
        contribution_datetime=provenance.created_at.astimezone(UTC).replace(tzinfo=None),
        contribution_description=_contribution(provenance),
    )
    with warnings.catch_warnings():
        # highdicom warns about one-component person names; a source's PatientName (or a pseudonym) often is one.
        warnings.filterwarnings("ignore", message=".*unlikely to represent the intended person name.*")
        seg = hd.seg.Segmentation(
            source_images=[_with_type2(ds) for ds in source_headers],
            pixel_array=labelmap,
            segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
            segment_descriptions=descriptions,
            series_instance_uid=uids.series_instance_uid,
            series_number=SERIES_NUMBER_BASE + min(provenance.annotation_version, 999),
            sop_instance_uid=uids.sop_instance_uid,
            instance_number=1,
            manufacturer=MANUFACTURER,
            manufacturer_model_name="Radloop",
            software_versions=SOFTWARE_VERSION,
            device_serial_number="radloop",
            content_label="RADLOOP",
            content_description=_series_description(provenance),
            content_creator_name=(PersonName(f"{provenance.reader}^") if provenance.reader else None),
            contributing_equipment=[contributor],
        )
    seg.SeriesDescription = _series_description(provenance)
    return seg
