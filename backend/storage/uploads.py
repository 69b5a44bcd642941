"""Reading uploaded files into memory without trusting their declared size."""

from __future__ import annotations

from fastapi import UploadFile

from backend.core.config import get_settings
from backend.core.errors import PayloadTooLarge


def read_limited(upload: UploadFile, what: str) -> bytes:
    """The upload's bytes, or 413 once more than ``max_upload_bytes`` arrive (read one byte past the limit)."""
    limit = get_settings().max_upload_bytes
    payload = upload.file.read(limit + 1)
    if len(payload) > limit:
        raise PayloadTooLarge(f"{what} larger than the {limit} bytes allowed")
    return payload
