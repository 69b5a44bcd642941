"""Encode and decode the NIfTI files the store keeps (images, masks, uncertainty maps).

Uploaded masks are untrusted and decoded by ``read_label_map``: the header is parsed first and must describe the
image's grid, so the number of bytes worth decompressing is known before any voxel is read, and the voxels are
streamed through a fixed-size window straight into the uint8 label map. A 1 MB gzip that inflates to 1 GiB
costs at most that window; the whole file is never inflated in memory.
"""

from __future__ import annotations

import gzip
import zlib

import nibabel as nib
import numpy as np

from backend.core.errors import BadInput, PayloadTooLarge

# Headers: NIfTI-1 is 348 bytes, NIfTI-2 540; the 4 bytes after them flag extensions.
_HEADER_SIZES: dict[int, type[nib.Nifti1Header]] = {348: nib.Nifti1Header, 540: nib.Nifti2Header}
_SINGLE_FILE_MAGIC = {b"n+1", b"n+2"}
_INPUT_CHUNK = 64 * 1024
_VOXELS_PER_CHUNK = 4 * 1024 * 1024  # voxels converted at a time: at most 32 MiB of float64
_MAX_ITEMSIZE = 8


def encode(data: np.ndarray, affine: np.ndarray) -> bytes:
    """Serialise to gzipped NIfTI-1 bytes (what browsers and NiiVue load directly)."""
    image = nib.Nifti1Image(data, affine)
    image.header.set_data_dtype(data.dtype)
    raw = image.to_bytes()
    return gzip.compress(raw, compresslevel=6, mtime=0)


def decode(payload: bytes) -> nib.Nifti1Image:
    """Parse NIfTI bytes the store wrote itself (plain or gzipped) and force the voxel read.

    Not for uploads: it inflates the whole payload. Uploaded masks go through ``read_label_map``.
    """
    if payload[:2] == b"\x1f\x8b":
        try:
            payload = gzip.decompress(payload)
        except (OSError, EOFError, zlib.error) as exc:
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


class _ByteStream:
    """Sequential reads from plain or gzipped bytes, inflating only as many bytes as are asked for."""

    def __init__(self, payload: bytes, what: str) -> None:
        self._view = memoryview(payload)
        self._pos = 0
        self._what = what
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if payload[:2] == b"\x1f\x8b" else None
        self._tail = b""

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; fewer only at the end of the data (a trailing gzip member is never read)."""
        if self._inflater is None:
            chunk = bytes(self._view[self._pos : self._pos + size])
            self._pos += len(chunk)
            return chunk
        parts: list[bytes] = []
        need = size
        try:
            while need > 0 and not self._inflater.eof:
                data = self._tail
                if not data:
                    if self._pos >= len(self._view):
                        break
                    data = self._view[self._pos : self._pos + _INPUT_CHUNK]  # type: ignore[assignment]
                    self._pos += len(data)
                out = self._inflater.decompress(data, need)
                self._tail = self._inflater.unconsumed_tail
                parts.append(out)
                need -= len(out)
        except zlib.error as exc:
            raise BadInput(f"{self._what} is not a readable gzip-compressed NIfTI file ({exc}).") from exc
        return b"".join(parts)


def _read_header(stream: _ByteStream, what: str) -> nib.Nifti1Header:
    head = stream.read(348)
    if len(head) < 348:
        raise BadInput(f"{what} is not a readable NIfTI file (only {len(head)} bytes, a NIfTI header has 348).")
    size_le, size_be = int.from_bytes(head[:4], "little"), int.from_bytes(head[:4], "big")
    size = size_le if size_le in _HEADER_SIZES else size_be
    if size not in _HEADER_SIZES:
        raise BadInput(f"{what} is not a NIfTI file (its first bytes are not a NIfTI-1 or NIfTI-2 header).")
    if size > len(head):
        head += stream.read(size - len(head))
        if len(head) < size:
            raise BadInput(f"{what} is not a readable NIfTI file (its NIfTI-2 header is truncated).")
    try:
        header = _HEADER_SIZES[size](head, check=False)
        magic = bytes(header["magic"]).rstrip(b"\x00")
    except Exception as exc:  # nibabel raises several types for corrupt header fields
        raise BadInput(f"{what} is not a readable NIfTI file ({exc}).") from exc
    if magic not in _SINGLE_FILE_MAGIC:
        raise BadInput(f"{what} is not a single-file NIfTI image (magic {magic!r}); upload a .nii or .nii.gz.")
    return header


def _header_shape(header: nib.Nifti1Header, ndim: int, what: str) -> tuple[int, ...]:
    try:
        dims = [int(n) for n in header.get_data_shape()]
    except Exception as exc:
        raise BadInput(f"{what} has an invalid shape in its NIfTI header ({exc}).") from exc
    while len(dims) > ndim and dims[-1] == 1:
        dims.pop()
    return tuple(dims)


def read_label_map(
    payload: bytes, shape: list[int] | tuple[int, ...], *, what: str = "Mask", max_extension_bytes: int = 64 * 1024
) -> np.ndarray:
    """Decode an uploaded NIfTI mask onto ``shape`` as a uint8 label map (Fortran order, as nibabel reads it).

    Refuses, before reading a voxel, a header whose shape is not ``shape`` or whose data type cannot be a label
    map (RGB, complex, more than 8 bytes a voxel), so the data read is bounded by ``voxels × 8`` bytes plus the
    header and at most ``max_extension_bytes`` of extensions. Values must be finite whole numbers in 0..255.
    """
    expected = tuple(int(n) for n in shape)
    stream = _ByteStream(payload, what)
    header = _read_header(stream, what)
    found = _header_shape(header, len(expected), what)
    if found != expected:
        raise BadInput(f"{what} shape {list(found)} does not match the image shape {list(expected)}")
    try:
        dtype = header.get_data_dtype()
    except Exception as exc:
        raise BadInput(f"{what} has an unknown data type in its NIfTI header ({exc}).") from exc
    if dtype.kind not in "biuf" or dtype.itemsize > _MAX_ITEMSIZE:
        name = header.get_value_label("datatype")
        raise BadInput(f"{what} has data type {name} ({dtype}); a label map holds whole numbers (e.g. uint8).")
    header_size = int(header["sizeof_hdr"])
    offset = int(float(header["vox_offset"]))
    if offset < header_size:
        raise BadInput(f"{what} has an invalid NIfTI header (vox_offset {offset} < {header_size}).")
    if offset > header_size + 4 + max_extension_bytes:
        raise PayloadTooLarge(
            f"{what} has {offset - header_size - 4:,} bytes of NIfTI header extensions; the limit "
            f"(MAX_NIFTI_EXTENSION_BYTES) is {max_extension_bytes:,}."
        )
    skipped = offset - header_size  # _read_header consumed exactly the header
    while skipped > 0:  # extensions: read and dropped
        chunk = stream.read(min(skipped, _INPUT_CHUNK))
        if not chunk:
            raise BadInput(f"{what} is truncated (it ends inside its NIfTI header extensions).")
        skipped -= len(chunk)
    slope, inter = header.get_slope_inter()
    return _read_voxels(stream, expected, dtype, slope, inter, what)


def _read_voxels(
    stream: _ByteStream,
    shape: tuple[int, ...],
    dtype: np.dtype,
    slope: float | None,
    inter: float | None,
    what: str,
) -> np.ndarray:
    count = int(np.prod(shape, dtype=np.int64))
    out = np.empty(count, dtype=np.uint8)
    done = 0
    while done < count:
        voxels = min(_VOXELS_PER_CHUNK, count - done)
        raw = stream.read(voxels * dtype.itemsize)
        if len(raw) < voxels * dtype.itemsize:
            raise BadInput(
                f"{what} is truncated: its header promises {count:,} voxels of {dtype} but the data ends after "
                f"{done + len(raw) // dtype.itemsize:,}."
            )
        values = np.frombuffer(raw, dtype=dtype)
        if slope is not None and (slope != 1.0 or (inter or 0.0) != 0.0):
            values = values * np.float64(slope) + np.float64(inter or 0.0)
        out[done : done + voxels] = _as_labels(values, what)
        done += voxels
    return out.reshape(shape, order="F")


def _as_labels(values: np.ndarray, what: str) -> np.ndarray:
    if values.dtype.kind == "f" and (not np.all(np.isfinite(values)) or not np.array_equal(values, np.round(values))):
        raise BadInput(f"{what} values must be whole label numbers")
    if values.dtype != np.uint8 and values.size and (values.min() < 0 or values.max() > 255):
        outside = values[(values < 0) | (values > 255)]
        shown = sorted({int(v) for v in outside[:1000]})[:10]
        raise BadInput(f"{what} contains label values {shown}; label values lie in 0..255")
    return values.astype(np.uint8, copy=False)
