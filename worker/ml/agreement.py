"""How far two masks of a case agree, per label: Dice, 95th-percentile Hausdorff distance and surface Dice, with
MONAI's metrics (issue 17, item 3), for the worker's review job (``worker/tasks/review_reads.py``).

Each label is compared on the union of both masks' bounding boxes plus a margin, so a small structure in a 512×512×300
CT costs what the structure costs. A label neither mask holds is skipped (nothing to agree on); a label only one
holds has Dice 0 and no surface distances. Surface Dice counts surface points within a tolerance of the other
surface: one voxel's largest spacing, the finest boundary a reader can draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from monai.metrics.hausdorff_distance import compute_hausdorff_distance
from monai.metrics.surface_dice import compute_surface_dice

MARGIN_VOXELS = 3


@dataclass(frozen=True)
class LabelAgreement:
    label: int
    dice: float
    hausdorff95_mm: float | None
    surface_dice: float | None


def _crop(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.logical_or(a, b)
    where = np.nonzero(both)
    if not where[0].size:
        return a, b
    box = tuple(
        slice(max(0, int(idx.min()) - MARGIN_VOXELS), min(size, int(idx.max()) + MARGIN_VOXELS + 1))
        for idx, size in zip(where, a.shape, strict=True)
    )
    return a[box], b[box]


def measure(
    first: np.ndarray, second: np.ndarray, labels: Sequence[int], spacing: Sequence[float]
) -> list[LabelAgreement]:
    """Per label of ``labels`` both masks or either holds: how ``first`` agrees with ``second``."""
    if first.shape != second.shape:
        raise ValueError(f"masks of different shapes: {first.shape} and {second.shape}")
    spacing = [float(s) for s in spacing][: first.ndim] or [1.0] * first.ndim
    tolerance = max(spacing)
    result: list[LabelAgreement] = []
    for label in labels:
        a, b = first == label, second == label
        na, nb = int(a.sum()), int(b.sum())
        if na == 0 and nb == 0:
            continue
        dice = 2.0 * int(np.logical_and(a, b).sum()) / (na + nb)
        if na == 0 or nb == 0:
            result.append(LabelAgreement(label, dice, None, None))
            continue
        ca, cb = _crop(a, b)
        # MONAI's layout: batch, channel (one: this label), then the spatial axes.
        pa = torch.from_numpy(ca[None, None].astype(np.float32))
        pb = torch.from_numpy(cb[None, None].astype(np.float32))
        hd95 = compute_hausdorff_distance(pa, pb, include_background=True, percentile=95, spacing=spacing)
        nsd = compute_surface_dice(pa, pb, class_thresholds=[tolerance], include_background=True, spacing=spacing)
        result.append(LabelAgreement(label, dice, _finite(hd95), _finite(nsd)))
    return result


def _finite(value: object) -> float | None:
    number = float(np.asarray(value).reshape(-1)[0])
    return number if np.isfinite(number) else None
