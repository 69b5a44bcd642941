"""Voxel-wise uncertainty maths and voxel-to-patient aggregation (pure numpy/torch, no model).

Measures follow Gal et al., arXiv 1703.02910 (predictive entropy, BALD); aggregation over the predicted
foreground plus a boundary band follows Ma et al., arXiv 2401.16298, where all-voxel means were diluted by
background and often did no better than random. The region also takes in voxels the model gives a real
foreground probability without predicting them, so a missed structure is scored where it was missed.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

__all__ = [
    "acft_uncertainty",
    "aggregate_band",
    "aggregate_over",
    "aggregation_region",
    "band_mask",
    "entropy",
    "majority_views",
    "mutual_information",
    "top_quantile_mean",
    "views_kept",
]

_EPS = 1e-8
_TOP_FRACTION = 0.01  # the most uncertain 1% of the voxels stand in for a region when there is none


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

    With MC-dropout samples this is BALD (epistemic uncertainty); with UNet++ deep-supervision heads it is the heads'
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
    """Foreground of ``mask`` dilated by ``width`` voxels (cubic structuring element).

    Axes of size 1 (a 2D image stored as ``(X, Y, 1)``) are not dilated along.

    Args:
        mask: integer or bool ``(X, Y, Z)``, foreground = non-zero.
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


def aggregation_region(
    mask: np.ndarray, width: int, probs: np.ndarray | None = None, threshold: float = 0.1
) -> np.ndarray:
    """Where a patient's uncertainty is aggregated: the predicted foreground, plus the voxels whose foreground
    probability ``1 - p(background)`` exceeds ``threshold``, dilated by ``width``.

    The argmax alone misses exactly the patients worth annotating most: a structure the model sees only
    faintly (foreground at 0.3 everywhere) gives an empty mask, and those patients used to be scored on the
    whole volume, diluted by confident background, so they ranked last.

    Args:
        mask: predicted labels ``(X, Y, Z)``.
        width: dilation radius in voxels.
        probs: float ``(C, X, Y, Z)`` class probabilities behind ``mask`` (background = class 0), or ``None``
            for the mask alone.
        threshold: foreground probability above which a voxel joins the region.

    Returns:
        bool ``(X, Y, Z)``.
    """
    region = np.asarray(mask) > 0
    if probs is not None:
        region = region | (1.0 - np.asarray(probs)[0] > threshold)
    return band_mask(region, width)


def top_quantile_mean(voxel_map: np.ndarray, fraction: float = _TOP_FRACTION) -> tuple[float, int]:
    """Mean of the ``ceil(fraction * size)`` largest values (at least one), and how many that is.

    The fallback when a patient has no candidate structure at all: its most uncertain voxels say more about
    it than the whole-volume mean, which the confident background drives to ~0 on every patient alike.
    """
    values = np.asarray(voxel_map, dtype=np.float64).reshape(-1)
    if values.size == 0:
        return 0.0, 0
    k = max(1, math.ceil(fraction * values.size))
    return float(np.partition(values, values.size - k)[values.size - k :].mean()), k


def aggregate_band(
    voxel_map: np.ndarray,
    mask: np.ndarray,
    width: int,
    probs: np.ndarray | None = None,
    threshold: float = 0.1,
) -> tuple[float, int, bool]:
    """Mean of ``voxel_map`` over :func:`aggregation_region`, or over the most uncertain 1% of the voxels
    (:func:`top_quantile_mean`) when that region is empty.

    Args:
        voxel_map: float32 ``(X, Y, Z)`` uncertainty.
        mask: predicted labels ``(X, Y, Z)``.
        width: band width in voxels.
        probs: float ``(C, X, Y, Z)`` probabilities behind ``mask`` (``None``: the mask alone).
        threshold: foreground probability above which a background-predicted voxel joins the region.

    Returns:
        ``(score, voxels aggregated, fell back to the top quantile)``.
    """
    return aggregate_over(voxel_map, aggregation_region(mask, width, probs, threshold))


def aggregate_over(voxel_map: np.ndarray, region: np.ndarray) -> tuple[float, int, bool]:
    """:func:`aggregate_band` for a region already computed (several maps of one patient share it)."""
    if not region.any():
        value, voxels = top_quantile_mean(voxel_map)
        return value, voxels, True
    values = voxel_map[region]
    return float(values.mean()), int(values.size), False


def views_kept(m: int, alpha: float) -> int:
    """``round(alpha * m)`` with Matlab rounding (halves away from zero), at most ``m`` and at least 2 when
    ``m >= 2``.

    The papers state ``alpha * m >= 2``: diversity is a sum over pairs of kept views, so with one view kept it
    is 0 by construction and ACFT silently degrades to entropy alone, which happens for every ``m <= 5`` at
    ``alpha = 1/4``.
    """
    return int(min(m, max(min(2, m), np.floor(alpha * m + 0.5))))


def majority_views(views: np.ndarray, alpha: float) -> np.ndarray:
    """ACFT majority selection, per voxel: keep the ``alpha * m`` views that most support the majority class.

    The majority class is ``argmax_c mean_j p_j(c)`` (ties go to the lower class index, as the official
    Matlab ``Majority()`` sorts ascending when ``mean(p) == 0.5``); views are ordered by their probability of
    that class, descending, with a stable sort (view order breaks ties).

    Args:
        views: float ``(m, C, *S)`` probabilities of ``m`` augmented views.
        alpha: fraction of views kept (ACFT: 1/4).

    Returns:
        float ``(k, C, *S)`` with ``k = views_kept(m, alpha)``.
    """
    p = np.asarray(views)
    k = views_kept(p.shape[0], alpha)
    majority = p.mean(axis=0).argmax(axis=0)  # (*S)
    support = np.take_along_axis(p, np.broadcast_to(majority, (p.shape[0], 1, *majority.shape)), axis=1)[:, 0]
    order = np.argsort(-support, axis=0, kind="stable")[:k]  # (k, *S)
    kept: np.ndarray = np.take_along_axis(p, order[:, None], axis=0)
    return kept


def acft_uncertainty(
    views: np.ndarray,
    alpha: float = 0.25,
    clamp: float = 1e-4,
    form: str = "journal",
) -> tuple[np.ndarray, np.ndarray]:
    """ACFT entropy and diversity of augmented views (Zhou et al., CVPR 2017; MedIA 2021), per voxel.

    After :func:`majority_views`, with ``P`` the ``k`` kept views clamped to ``[clamp, 1 - clamp]`` (so the
    Jeffreys divergence stays finite when a probability reaches 0 or 1):

    - ``form="journal"`` (MedIA 2021 / thesis Eq. active_criteria): ``e = -(1/k) sum_j sum_c P log P`` and
      ``d = sum_{j<l} sum_c (P_j - P_l) log(P_j / P_l)`` (each pair's Jeffreys divergence once);
    - ``form="cvpr"`` (official ``active_select_demo.m``): entropy not divided by ``k`` and every pair counted
      twice (the sum of the symmetric matrix ``R``).

    The caller combines them as ``lambda1 * e + lambda2 * d`` (the papers use the lambdas as on/off switches).

    Args:
        views: float ``(m, C, *S)`` probabilities.
        alpha: majority-selection fraction; 1 keeps every view.
        clamp: probability floor (and ``1 - clamp`` ceiling).
        form: ``"journal"`` or ``"cvpr"``.

    Returns:
        ``(entropy, diversity)``, float32 arrays of shape ``S``; both >= 0.
    """
    if form not in ("journal", "cvpr"):
        raise ValueError("form must be 'journal' or 'cvpr'")
    if not 0.0 < alpha <= 1.0 or not 0.0 < clamp < 0.5:
        raise ValueError("need 0 < alpha <= 1 and 0 < clamp < 0.5")
    kept = np.clip(majority_views(np.asarray(views, dtype=np.float64), alpha), clamp, 1.0 - clamp)
    k = kept.shape[0]
    logs = np.log(kept)
    ent = -(kept * logs).sum(axis=1).sum(axis=0)  # (*S)
    div = np.zeros(kept.shape[2:], dtype=np.float64)
    for j in range(k):
        for other in range(j + 1, k):
            div += ((kept[j] - kept[other]) * (logs[j] - logs[other])).sum(axis=0)
    if form == "journal":
        ent = ent / k
    else:
        div = 2.0 * div
    return ent.astype(np.float32), div.astype(np.float32)
