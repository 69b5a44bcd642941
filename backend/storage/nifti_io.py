"""Encode and decode the NIfTI files the store keeps (images, masks, uncertainty maps)."""

from __future__ import annotations

import gzip

import nibabel as nib
import numpy as np

from backend.core.errors import BadInput


def encode(data: np.ndarray, affine: np.ndarray) -> bytes:
    """Serialise to gzipped NIfTI-1 bytes (what browsers and NiiVue load directly)."""
    image = nib.Nifti1Image(data, affine)
    image.header.set_data_dtype(data.dtype)
    raw = image.to_bytes()
    return gzip.compress(raw, compresslevel=6, mtime=0)


def decode(payload: bytes) -> nib.Nifti1Image:
    """Parse NIfTI bytes (plain or gzipped) and force the voxel read, so truncation is caught here."""
    if payload[:2] == b"\x1f\x8b":
        try:
            payload = gzip.decompress(payload)
        except (OSError, EOFError) as exc:
            raise BadInput(f"not a readable gzip-compressed NIfTI file: {exc}") from exc
    try:
        image = nib.Nifti1Image.from_bytes(payload)
        np.asanyarray(image.dataobj)
    except Exception as exc:  # nibabel raises many types for corrupt headers and short data
        raise BadInput(f"not a readable NIfTI file: {exc}") from exc
    return image


def load_array(payload: bytes) -> tuple[np.ndarray, np.ndarray]:
    image = decode(payload)
    return np.asanyarray(image.dataobj), np.asarray(image.affine)
