"""Blob store for volumes, masks and checkpoints: a local (or shared network) directory.

Keys are relative POSIX paths; writes go to a temp file first and are renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from backend.core.config import get_settings


def root() -> Path:
    path = Path(get_settings().storage_root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(key: str) -> Path:
    resolved = (root() / key).resolve()
    if not resolved.is_relative_to(root().resolve()):
        raise ValueError(f"storage key escapes the storage root: {key}")
    return resolved


def put_bytes(key: str, data: bytes) -> str:
    """Store ``data`` under ``key`` atomically and return its sha256."""
    target = path_of(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    return hashlib.sha256(data).hexdigest()


def read_bytes(key: str) -> bytes:
    return path_of(key).read_bytes()


def delete(key: str) -> None:
    path_of(key).unlink(missing_ok=True)
