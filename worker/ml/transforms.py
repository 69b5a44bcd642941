"""Per-volume intensity normalisation (array functions plus small callables, MONAI-style).

MR intensities have no physical unit, so each volume is clipped to its own percentiles and z-scored; CT is in
Hounsfield units, so a fixed window keeps tissue contrast comparable across scanners.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "ClipHU",
    "PercentileZScore",
    "clip_hu_scale",
    "normalize_intensity",
    "percentile_zscore",
]

_EPS = 1e-8


def percentile_zscore(image: np.ndarray, lower: float = 0.5, upper: float = 99.5) -> np.ndarray:
    """Clip to the volume's ``[lower, upper]`` percentiles, then z-score.

    Args:
        image: any shape, any real dtype.
        lower: lower percentile in [0, 100].
        upper: upper percentile in [0, 100], > ``lower``.

    Returns:
        float32 array of the same shape; all zeros for a constant image.
    """
    data = np.asarray(image, dtype=np.float32)
    lo, hi = np.percentile(data, [lower, upper])
    clipped = np.clip(data, lo, hi)
    std = float(clipped.std())
    if std < _EPS:  # a constant volume carries no signal; avoid dividing by ~0
        return np.zeros_like(clipped)
    normalised: np.ndarray = ((clipped - clipped.mean()) / std).astype(np.float32)
    return normalised


def clip_hu_scale(image: np.ndarray, window: tuple[float, float] = (-1000.0, 1000.0)) -> np.ndarray:
    """Clip CT Hounsfield units to ``window`` and scale linearly to [0, 1].

    Args:
        image: any shape, values in HU.
        window: ``(low, high)`` HU, ``low < high``.

    Returns:
        float32 array of the same shape in [0, 1].
    """
    low, high = window
    if high <= low:
        raise ValueError("window must be (low, high) with low < high")
    data = np.clip(np.asarray(image, dtype=np.float32), low, high)
    return ((data - low) / (high - low)).astype(np.float32)


def normalize_intensity(
    image: np.ndarray, modality: str = "MR", ct_window: tuple[float, float] = (-1000.0, 1000.0)
) -> np.ndarray:
    """Normalise by modality: ``"CT"`` -> :func:`clip_hu_scale`, else :func:`percentile_zscore`."""
    if modality.upper() == "CT":
        return clip_hu_scale(image, ct_window)
    return percentile_zscore(image)


class PercentileZScore:
    """Callable version of :func:`percentile_zscore`."""

    def __init__(self, lower: float = 0.5, upper: float = 99.5) -> None:
        if not 0.0 <= lower < upper <= 100.0:
            raise ValueError("need 0 <= lower < upper <= 100")
        self.lower = lower
        self.upper = upper

    def __call__(self, image: np.ndarray) -> np.ndarray:
        return percentile_zscore(image, self.lower, self.upper)


class ClipHU:
    """Callable version of :func:`clip_hu_scale`."""

    def __init__(self, low: float = -1000.0, high: float = 1000.0) -> None:
        if high <= low:
            raise ValueError("need low < high")
        self.window = (low, high)

    def __call__(self, image: np.ndarray) -> np.ndarray:
        return clip_hu_scale(image, self.window)
