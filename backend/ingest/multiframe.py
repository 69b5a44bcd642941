"""Per-frame geometry of multi-frame DICOM instances (enhanced CT/MR/PET, legacy multi-frame, RT dose).

An enhanced instance keeps each frame's position, orientation, pixel size and rescale in its functional groups
(PS3.3 C.7.6.16): a Per-frame Functional Groups item overrides the Shared one, and the top-level attributes of
older objects are the last fallback. An RT dose grid places frame k at ImagePositionPatient plus
GridFrameOffsetVector[k] along the slice normal (C.8.8.3.2); a legacy multi-frame image without any of these
(ultrasound cine, secondary capture) has no geometry and is stacked in frame order. Every frame becomes one
slice record, so the series code sorts and checks frames exactly like single-frame slices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom import Dataset

from backend.core.errors import BadInput


@dataclass(frozen=True)
class FrameGeometry:
    iop: np.ndarray | None
    ipp: np.ndarray | None
    pixel_spacing: tuple[float, float] | None
    slice_thickness: float | None
    slope: float
    intercept: float


def float_list(value: object, count: int) -> np.ndarray | None:
    """``count`` floats from a DICOM multi-value, or None when missing or malformed."""
    if value is None:
        return None
    try:
        arr = np.array([float(v) for v in value], dtype=np.float64)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return arr if arr.shape == (count,) and bool(np.all(np.isfinite(arr))) else None


def opt_float(value: object) -> float | None:
    try:
        out = float(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if out is None or np.isfinite(out) else None


def _macro(item: Dataset | None, sequence: str) -> Dataset | None:
    """The first item of a functional-group macro sequence in ``item``, if present."""
    if item is None:
        return None
    seq = item.get(sequence)
    return seq[0] if seq else None


def _value(frame: Dataset | None, shared: Dataset | None, sequence: str, keyword: str) -> object:
    """A functional-group attribute: the frame's own macro first, then the shared one."""
    for item in (frame, shared):
        macro = _macro(item, sequence)
        if macro is not None and keyword in macro and macro.get(keyword) not in (None, ""):
            return macro.get(keyword)
    return None


def _spacing(value: object) -> tuple[float, float] | None:
    arr = float_list(value, 2)
    return (float(arr[0]), float(arr[1])) if arr is not None else None


def _normal(iop: np.ndarray) -> np.ndarray:
    normal = np.cross(iop[:3], iop[3:])
    norm = float(np.linalg.norm(normal))
    if norm < 1e-6:
        raise BadInput("ImageOrientationPatient does not describe a plane (its two vectors are parallel).")
    unit: np.ndarray = normal / norm
    return unit


def frame_geometries(ds: Dataset, frames: int, what: str) -> list[FrameGeometry]:
    """One geometry per frame of a multi-frame instance (frames in stored order)."""
    top_iop = float_list(ds.get("ImageOrientationPatient"), 6)
    top_ipp = float_list(ds.get("ImagePositionPatient"), 3)
    top_spacing = _spacing(ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing"))
    top_thickness = opt_float(ds.get("SpacingBetweenSlices")) or opt_float(ds.get("SliceThickness"))
    top_slope = opt_float(ds.get("RescaleSlope")) or 1.0
    if str(ds.get("Modality", "")).upper() == "RTDOSE":
        top_slope = opt_float(ds.get("DoseGridScaling")) or top_slope  # stored integers times this are Gy
    top_intercept = opt_float(ds.get("RescaleIntercept")) or 0.0

    shared_seq = ds.get("SharedFunctionalGroupsSequence")
    shared: Dataset | None = shared_seq[0] if shared_seq else None
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame is not None and len(per_frame) not in (0, frames):
        raise BadInput(
            f"{what} has {frames} frames but {len(per_frame)} Per-frame Functional Groups items; the file is damaged."
        )
    if shared is not None or per_frame:
        out = []
        for index in range(frames):
            frame: Dataset | None = per_frame[index] if per_frame else None
            iop = float_list(_value(frame, shared, "PlaneOrientationSequence", "ImageOrientationPatient"), 6)
            ipp = float_list(_value(frame, shared, "PlanePositionSequence", "ImagePositionPatient"), 3)
            spacing = _spacing(_value(frame, shared, "PixelMeasuresSequence", "PixelSpacing"))
            between = opt_float(_value(frame, shared, "PixelMeasuresSequence", "SpacingBetweenSlices"))
            thickness = opt_float(_value(frame, shared, "PixelMeasuresSequence", "SliceThickness"))
            slope = opt_float(_value(frame, shared, "PixelValueTransformationSequence", "RescaleSlope"))
            intercept = opt_float(_value(frame, shared, "PixelValueTransformationSequence", "RescaleIntercept"))
            out.append(
                FrameGeometry(
                    iop=iop if iop is not None else top_iop,
                    ipp=ipp if ipp is not None else (top_ipp if frames == 1 else None),
                    pixel_spacing=spacing or top_spacing,
                    slice_thickness=between or thickness or top_thickness,
                    slope=slope or top_slope,
                    intercept=intercept if intercept is not None else top_intercept,
                )
            )
        return out

    offsets = ds.get("GridFrameOffsetVector")
    if top_iop is not None and top_ipp is not None and offsets is not None and frames > 1:
        grid = float_list(offsets, frames)
        if grid is None:
            raise BadInput(f"{what}: its GridFrameOffsetVector does not give one offset per frame ({frames}).")
        # Relative offsets start at 0; otherwise they are positions along the normal, the first one at IPP.
        relative = grid - grid[0]
        normal = _normal(top_iop)
        thickness = float(np.median(np.abs(np.diff(relative)))) if frames > 1 else top_thickness
        return [
            FrameGeometry(top_iop, top_ipp + offset * normal, top_spacing, thickness, top_slope, top_intercept)
            for offset in relative
        ]

    if top_iop is not None and top_ipp is not None and frames > 1:
        # A stack described once (e.g. NM tomography): frames follow the normal at the slice spacing.
        normal = _normal(top_iop)
        step = top_thickness or 1.0
        return [
            FrameGeometry(top_iop, top_ipp + k * step * normal, top_spacing, step, top_slope, top_intercept)
            for k in range(frames)
        ]
    # No geometry (cine, secondary capture): frames are stacked in their stored order.
    return [
        FrameGeometry(
            top_iop if frames == 1 else None,
            top_ipp if frames == 1 else None,
            top_spacing,
            top_thickness,
            top_slope,
            top_intercept,
        )
        for _ in range(frames)
    ]
