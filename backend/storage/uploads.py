"""Uploaded files: masks read into memory, import files copied to disk, neither trusting declared sizes or names."""

from __future__ import annotations

from pathlib import Path

from fastapi import UploadFile

from backend.core.config import get_settings
from backend.core.errors import BadInput, PayloadTooLarge


def read_limited(upload: UploadFile, what: str) -> bytes:
    """The upload's bytes, or 413 once more than ``max_mask_bytes`` arrive (read one byte past the limit).

    The request body was already counted while it streamed in (``backend.core.limits``); this bounds the one
    file part that is read into memory.
    """
    limit = get_settings().max_mask_bytes
    payload = upload.file.read(limit + 1)
    if len(payload) > limit:
        raise PayloadTooLarge(f"{what} larger than the {limit:,} bytes allowed (MAX_MASK_BYTES)")
    return payload


# Linux (ext4, XFS) refuses longer names; a name is stored as sent, so it must fit one path component.
MAX_FILE_NAME_BYTES = 255


def upload_name(filename: str | None, index: int) -> str:
    """The last component of an uploaded file's name, refused when it cannot name a file in a folder.

    Browsers send base names, other clients any string: ``a/b.nii`` is taken as ``b.nii``; ``..``, ``.``, NUL
    characters and names over 255 bytes are refused (400) instead of reaching the file system. The name is kept
    otherwise as sent (it is the patient key of a NIfTI file); it only ever names a file inside the import's own
    temporary folder, under a numbered sub-folder, never a stored blob (blob keys are uuids).
    """
    raw = filename or f"upload-{index}"
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    if name in {"", ".", ".."} or "\x00" in name:
        raise BadInput(f"Upload {index + 1} has the file name {raw!r}, which cannot name a file.")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_FILE_NAME_BYTES:
        raise BadInput(
            f"Upload {index + 1} has a file name of {len(name)} characters ({name[:20]!r}…); at most "
            f"{MAX_FILE_NAME_BYTES} bytes are allowed."
        )
    return name


def save_uploads(uploads: list[UploadFile], folder: Path, limit: int, *, counted: int = 0) -> tuple[list[Path], int]:
    """Copy uploaded files under ``folder`` (one numbered sub-folder each); returns their paths and the bytes
    counted so far (``counted`` carries the count of an earlier call of the same request), 413 past ``limit``."""
    paths: list[Path] = []
    total = counted
    for index, upload in enumerate(uploads):
        target = folder / f"{index:05d}" / upload_name(upload.filename, index)
        target.parent.mkdir(parents=True)
        with target.open("xb") as handle:
            while chunk := upload.file.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    raise PayloadTooLarge(f"The upload is larger than the {limit:,} bytes allowed (MAX_IMPORT_BYTES)")
                handle.write(chunk)
        paths.append(target)
    return paths, total
