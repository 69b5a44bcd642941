"""Samples and the padding/cropping that maps volumes to and from the network grid.

Padding is applied at the *end* of each spatial axis only, so cropping back is plain slicing and voxel
(0, 0, 0) keeps its position (the stored NIfTI affine stays valid for predictions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from worker.ml.config import TrainConfig
from worker.ml.transforms import normalize_intensity

__all__ = [
    "Sample",
    "crop_to_shape",
    "from_network_space",
    "pad_to_multiple",
    "pad_to_shape",
    "padded_shape",
    "prepare_image",
    "prepare_label",
    "random_crop",
    "to_network_space",
]


@dataclass(frozen=True)
class Sample:
    """One patient volume.

    Args:
        id: caller's identifier (patient id), echoed in outputs.
        image: float32 ``(X, Y, Z)`` in nibabel axis order; a 2D image is ``(X, Y, 1)``.
        label: uint8 ``(X, Y, Z)`` with values ``0..num_classes-1``, or ``None`` for unlabelled pool volumes.
    """

    id: str
    image: np.ndarray
    label: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.image.ndim != 3:
            raise ValueError(f"{self.id}: image must be (X, Y, Z), got shape {self.image.shape}")
        if self.label is not None and self.label.shape != self.image.shape:
            raise ValueError(f"{self.id}: label shape {self.label.shape} != image shape {self.image.shape}")


def to_network_space(array: np.ndarray, spatial_dims: int) -> np.ndarray:
    """Drop the singleton Z axis of a 2D image when the network is 2D.

    Args:
        array: ``(..., X, Y, Z)``.
        spatial_dims: 2 or 3.

    Returns:
        ``(..., X, Y)`` for 2D (requires ``Z == 1``), the input unchanged for 3D.
    """
    if spatial_dims == 3:
        return array
    if array.shape[-1] != 1:
        raise ValueError(f"a 2D network needs (X, Y, 1) inputs, got {array.shape}")
    return array[..., 0]


def from_network_space(array: np.ndarray, spatial_dims: int) -> np.ndarray:
    """Inverse of :func:`to_network_space`: ``(..., X, Y)`` -> ``(..., X, Y, 1)`` for 2D."""
    return array[..., None] if spatial_dims == 2 else array


def padded_shape(shape: Sequence[int], multiple: int, minimum: int = 0) -> tuple[int, ...]:
    """Round every size up to a multiple of ``multiple``, and to at least ``minimum``."""
    return tuple(max(int(-(-s // multiple) * multiple), minimum) for s in shape)


def pad_to_shape(array: np.ndarray, shape: Sequence[int], value: float = 0.0) -> np.ndarray:
    """Pad the last ``len(shape)`` axes at their end with ``value`` up to ``shape`` (never crops)."""
    lead = array.ndim - len(shape)
    extra = [t - s for s, t in zip(array.shape[lead:], shape, strict=True)]
    if any(e < 0 for e in extra):
        raise ValueError(f"cannot pad {array.shape} down to {tuple(shape)}")
    if not any(extra):
        return array
    widths = [(0, 0)] * lead + [(0, e) for e in extra]
    return np.pad(array, widths, mode="constant", constant_values=value)


def pad_to_multiple(
    array: np.ndarray, multiple: int = 16, spatial_dims: int = 3, value: float = 0.0
) -> tuple[np.ndarray, tuple[int, ...]]:
    """Pad the last ``spatial_dims`` axes up to a multiple of ``multiple`` (at least ``2 * multiple``).

    The floor of two multiples keeps the 4x-downsampled bottleneck larger than one voxel, which instance
    normalisation requires.

    Returns:
        ``(padded, original_spatial_shape)``; pass the second to :func:`crop_to_shape` to undo.
    """
    spatial = tuple(array.shape[-spatial_dims:])
    return pad_to_shape(array, padded_shape(spatial, multiple, 2 * multiple), value), spatial


def crop_to_shape(array: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """Keep the first ``shape`` voxels of the last ``len(shape)`` axes (undoes :func:`pad_to_shape`)."""
    index: tuple[slice, ...] = (slice(None),) * (array.ndim - len(shape)) + tuple(slice(0, s) for s in shape)
    return array[index]


def random_crop(
    image: np.ndarray, label: np.ndarray, patch: Sequence[int], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random crop of ``patch`` from the last ``len(patch)`` axes; axes smaller than the patch are
    padded (image with its minimum, label with background) first.

    Args:
        image: ``(C, *spatial)`` float32.
        label: ``(1, *spatial)`` integer.
        patch: spatial patch size.
        rng: numpy generator (seeded by the caller for reproducibility).

    Returns:
        ``(image_patch, label_patch)`` with spatial size ``patch``.
    """
    spatial = image.shape[1:]
    target = tuple(max(s, p) for s, p in zip(spatial, patch, strict=True))
    image = pad_to_shape(image, target, float(image.min()))
    label = pad_to_shape(label, target, 0)
    starts = [int(rng.integers(0, t - p + 1)) for t, p in zip(target, patch, strict=True)]
    index = (slice(None), *(slice(s, s + p) for s, p in zip(starts, patch, strict=True)))
    return image[index], label[index]


def prepare_image(image: np.ndarray, config: TrainConfig) -> np.ndarray:
    """Normalise intensities and move to network space.

    Args:
        image: ``(X, Y, Z)`` any real dtype.
        config: supplies modality, CT window and spatial_dims.

    Returns:
        float32 ``(1, *spatial)`` (``spatial`` = ``(X, Y, Z)``, or ``(X, Y)`` for a 2D network).
    """
    normalised = normalize_intensity(image, config.modality, config.ct_window)
    return to_network_space(normalised, config.spatial_dims)[None]


def prepare_label(label: np.ndarray, config: TrainConfig) -> np.ndarray:
    """Validate label values and move to network space.

    Returns:
        int64 ``(1, *spatial)``.

    Raises:
        ValueError: a value is outside ``0..num_classes-1``.
    """
    values = np.asarray(label)
    if values.size and (values.min() < 0 or values.max() >= config.num_classes):
        raise ValueError(f"label values must be in 0..{config.num_classes - 1}, got max {values.max()}")
    return to_network_space(values.astype(np.int64), config.spatial_dims)[None]
