"""2D image file (PNG, JPEG, TIFF) → ``LoadedVolume`` of shape (X, Y, 1).

Photos and frames are stored like any volume so that the viewer, the model and the mask checks need no 2D
special case: X is the column, Y the row (the same order as a DICOM slice), one voxel thick, identity affine.
Colour is folded to luminance because the models are single-channel.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.volume import MAX_VOXELS, LoadedVolume, error_text

IMAGE2D_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_PIXELS = 8192 * 8192
LABEL_THRESHOLD = 127
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # ITU-R BT.601, as Pillow's "L" mode


def is_image2d_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE2D_SUFFIXES


def _greyscale(im: Image.Image) -> np.ndarray:
    """Return the image as a (rows, columns) float32 array, colour folded to luminance."""
    if im.mode in ("1", "L", "LA"):
        return np.asarray(im.convert("L"), dtype=np.float32)
    if im.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        return np.asarray(im, dtype=np.float32)
    rgb = np.asarray(im.convert("RGB"), dtype=np.float32)
    return rgb @ _LUMA


def _label_values(grey: np.ndarray, lossless_index: bool) -> np.ndarray:
    """Binarise a mask at > 127, unless it is a lossless index mask whose values are already labels.

    Masks saved as 0/1 (or 0/1/2) PNGs are common; thresholding them at 127 would silently give an empty
    label. JPEG masks are always thresholded since compression noise makes small values meaningless.
    """
    if lossless_index and grey.size and grey.max() <= LABEL_THRESHOLD and np.array_equal(grey, np.round(grey)):
        return grey.astype(np.uint8)
    return (grey > LABEL_THRESHOLD).astype(np.uint8)


def load_image2d(
    path: Path,
    *,
    as_label: bool = False,
    name: str | None = None,
    max_pixels: int = min(MAX_PIXELS, MAX_VOXELS),
    lazy: bool = False,
) -> LoadedVolume:
    """Read a 2D image as float32 (X, Y, 1); as a label it becomes uint8 (see ``_label_values``).

    The size is checked from the file's header; with ``lazy`` the pixels are decoded on first use of ``data``.
    """
    path = Path(path)
    name = name or path.name
    size, _ = _read(path, name, max_pixels, as_label, decode=False)

    def read() -> np.ndarray:
        _, data = _read(path, name, max_pixels, as_label, decode=True)
        assert data is not None
        return data

    volume = LoadedVolume(
        source=read,
        shape=(size[0], size[1], 1),
        affine=np.eye(4),
        modality="SEG" if as_label else "OT",
        source_format="image2d",
        patient_key=path.stem,
        study_uid=None,
        series_uid=None,
        description=path.name,
        series_number=None,
        is_label=as_label,
    )
    if not lazy:
        volume.data  # noqa: B018 - decode now: the caller expects an unreadable image to be refused here
    return volume


def _read(
    path: Path, name: str, max_pixels: int, as_label: bool, *, decode: bool
) -> tuple[tuple[int, int], np.ndarray | None]:
    """The image's (width, height) and, with ``decode``, its (X, Y, 1) array."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                if width * height > max_pixels:
                    raise PayloadTooLarge(f"{name} is {width}x{height} pixels; the limit is {max_pixels:,}.")
                frames = int(getattr(im, "n_frames", 1))
                if frames > 1:
                    raise BadInput(f"{name} holds {frames} frames; upload single-frame images.")
                if not decode:
                    return (width, height), None
                im.load()
                lossless_index = im.format in ("PNG", "TIFF") and im.mode in ("1", "L", "P", "I", "I;16")
                grey = _greyscale(im) if not (as_label and im.mode == "P") else np.asarray(im, np.float32)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PayloadTooLarge(f"{name} is too large to decode ({exc}).") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise BadInput(f"{name} is not a readable PNG/JPEG/TIFF image ({error_text(exc, path, name)}).") from exc
    data = grey.T[:, :, np.newaxis]
    if as_label:
        data = _label_values(data, lossless_index)
    return (width, height), np.ascontiguousarray(data)
