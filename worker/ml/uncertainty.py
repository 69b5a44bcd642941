"""Voxel-wise uncertainty maths and voxel-to-patient aggregation (pure numpy/torch, no model).

Measures follow Gal et al., arXiv 1703.02910 (predictive entropy, BALD); aggregation over the predicted
foreground plus a boundary band follows Ma et al., arXiv 2401.16298, where all-voxel means were diluted by
background and often did no better than random.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

__all__ = ["aggregate_band", "band_mask", "entropy", "mutual_information"]

_EPS = 1e-8


def entropy(probs: np.ndarray, axis: int = 0) -> np.ndarray:
    """Shannon entropy in nats, ``-sum_c p_c log p_c``.

    Args:
        probs: class probabilities, e.g. float32 ``(C, X, Y, Z)`` summing to 1 along ``axis``.
        axis: class axis.

    Returns:
        float32 array with ``axis`` removed, in ``[0, log C]``.
    """
    p = np.asarray(probs, dtype=np.float32)
    result: np.ndarray = (-(p * np.log(np.clip(p, _EPS, 1.0))).sum(axis=axis)).astype(np.float32)
    return result


def mutual_information(samples: np.ndarray) -> np.ndarray:
    """Generalised Jensen-Shannon divergence of ``T`` distributions: ``H(mean_t p_t) - mean_t H(p_t)``.

    With MC-dropout samples this is BALD (epistemic uncertainty); with the four UNet++ heads it is the heads'
    disagreement, equal to the mean KL divergence of each head to the heads' mean. Identical samples give 0.

    Args:
        samples: float32 ``(T, C, X, Y, Z)`` probabilities.

    Returns:
        float32 ``(X, Y, Z)``, >= 0 (tiny negative rounding is clipped).
    """
    p = np.asarray(samples, dtype=np.float32)
    mi = entropy(p.mean(axis=0), axis=0) - entropy(p, axis=1).mean(axis=0)
    result: np.ndarray = np.clip(mi, 0.0, None).astype(np.float32)
    return result


def band_mask(mask: np.ndarray, width: int) -> np.ndarray:
    """Predicted foreground dilated by ``width`` voxels (cubic structuring element).

    Axes of size 1 (a 2D image stored as ``(X, Y, 1)``) are not dilated along.

    Args:
        mask: integer ``(X, Y, Z)``, foreground = non-zero.
        width: dilation radius in voxels (0 = foreground only).

    Returns:
        bool ``(X, Y, Z)``.
    """
    foreground = np.asarray(mask) > 0
    if width == 0 or not foreground.any():
        return foreground
    kernel = tuple(2 * width + 1 if s > 1 else 1 for s in foreground.shape)
    padding = tuple(k // 2 for k in kernel)
    volume = torch.from_numpy(foreground.astype(np.float32))[None, None]
    dilated = F.max_pool3d(volume, kernel_size=kernel, stride=1, padding=padding)
    return dilated[0, 0].numpy() > 0


def aggregate_band(voxel_map: np.ndarray, mask: np.ndarray, width: int) -> tuple[float, int, bool]:
    """Mean of ``voxel_map`` over :func:`band_mask`, or over the whole volume if the prediction is empty.

    Args:
        voxel_map: float32 ``(X, Y, Z)`` uncertainty.
        mask: predicted labels ``(X, Y, Z)``.
        width: band width in voxels.

    Returns:
        ``(score, voxels aggregated, fell back to the whole volume)``.
    """
    region = band_mask(mask, width)
    fallback = not region.any()
    values = voxel_map.reshape(-1) if fallback else voxel_map[region]
    return float(values.mean()) if values.size else 0.0, int(values.size), fallback
