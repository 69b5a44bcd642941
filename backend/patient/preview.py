"""The downsampled preview of a stored image volume: what the viewer draws first while the full volume loads.

Why: a 512×512×300 CT takes the browser seconds to decode and upload to the GPU (tens of seconds with software
WebGL); a preview with at most ``MAX_VOXELS`` voxels is on screen in a fraction of that, so the reader sees the
case at once and the full resolution replaces it when it is ready (``frontend/src/viewer/engine/volume-loader.ts``).

The preview keeps every ``step``-th voxel of each axis (no averaging, so every value shown is a real value of the
image, in its stored dtype) and an affine that maps each kept voxel to the same world position as in the full
volume. It is written next to the volume at import and built on first request for volumes imported before
previews existed; its bytes depend only on the volume's bytes and ``VERSION``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from backend.models import Volume
from backend.storage import blobs, nifti_io


class VolumeLevel(StrEnum):
    """Which version of the image ``GET /api/patients/{id}/volume`` sends."""

    full = "full"
    preview = "preview"


# A preview holds at most this many voxels: 128×128×256 or so, a few MB on the wire, well under a second to upload.
MAX_VOXELS = 4 * 1024**2
# Part of the storage key: a change to how previews are made gets new keys instead of serving stale files.
VERSION = 1


def steps(shape: Sequence[int], spacing: Sequence[float], max_voxels: int = MAX_VOXELS) -> tuple[int, int, int]:
    """Per-axis strides that bring ``shape`` to at most ``max_voxels``: each halving goes to the axis whose preview
    voxel is finest (spacing × stride), so thin in-plane pixels are coarsened before thick slices are dropped."""
    dims = [max(1, int(n)) for n in shape[:3]]
    sizes = [abs(float(s)) or 1.0 for s in spacing[:3]]
    max_voxels = max(1, max_voxels)
    stride = [1, 1, 1]

    def kept(axis: int) -> int:
        return -(-dims[axis] // stride[axis])

    while kept(0) * kept(1) * kept(2) > max_voxels:
        # The finest axis; on a tie the one with the most voxels left.
        axis = min((a for a in range(3) if kept(a) > 1), key=lambda a: (sizes[a] * stride[a], -kept(a)))
        stride[axis] *= 2
    return stride[0], stride[1], stride[2]


def downsample(data: np.ndarray, affine: np.ndarray, stride: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Every ``stride``-th voxel and the affine that puts preview voxel ``i`` where full voxel ``stride·i`` is."""
    sx, sy, sz = (int(s) for s in stride[:3])
    small = np.ascontiguousarray(data[::sx, ::sy, ::sz])
    scaled = np.asarray(affine, dtype=float) @ np.diag([sx, sy, sz, 1.0])
    return small, scaled


def key_for(volume_id: object) -> str:
    return f"previews/{volume_id}-v{VERSION}.nii.gz"


def encode(data: np.ndarray, affine: np.ndarray) -> bytes:
    """The preview's gzipped NIfTI bytes for a full volume held in memory (voxel sizes read from the affine)."""
    spacing = np.linalg.norm(np.asarray(affine, dtype=float)[:3, :3], axis=0)
    small, scaled = downsample(data, affine, steps(data.shape, spacing.tolist(), MAX_VOXELS))
    return nifti_io.encode(small, scaled)


def store(volume_id: object, data: np.ndarray, affine: np.ndarray) -> str:
    """Write the preview of a volume being imported (its voxels are in memory); returns the key."""
    key = key_for(volume_id)
    blobs.put_bytes(key, encode(data, affine))
    return key


def ensure(volume: Volume) -> tuple[str, str]:
    """The stored preview of ``volume`` (built from the stored volume when missing): its key and sha256."""
    key = key_for(volume.id)
    path = blobs.path_of(key)
    if path.is_file():
        return key, hashlib.sha256(path.read_bytes()).hexdigest()
    data, affine = nifti_io.load_array(blobs.read_bytes(volume.storage_key))
    sha = blobs.put_bytes(key, encode(data, affine))
    return key, sha
