"""Model checkpoints addressed by SHA-256.

The hash is recorded on the job row at save time and verified before unpickling, so a swapped or corrupted
file is rejected; ``torch.load(weights_only=True)`` additionally refuses arbitrary pickled objects.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

__all__ = ["load_checkpoint", "load_checkpoint_meta", "save_checkpoint"]


def save_checkpoint(path: str | Path, state_dict: Mapping[str, torch.Tensor], meta: Mapping[str, Any]) -> str:
    """Write ``{"state_dict", "meta"}`` atomically and return the file's SHA-256.

    Args:
        path: destination file (parent directories are created).
        state_dict: model weights.
        meta: JSON-like metadata (str/int/float/bool/None, lists, dicts), e.g. ``TrainConfig.to_dict()``;
            only such types survive ``weights_only`` loading.

    Returns:
        Lower-case hex SHA-256 of the written bytes.
    """
    buffer = io.BytesIO()
    torch.save({"state_dict": {k: v.detach().cpu() for k, v in state_dict.items()}, "meta": dict(meta)}, buffer)
    payload = buffer.getvalue()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write-then-rename so a crash never leaves a half-written file under the final name.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(payload).hexdigest()


def _load_verified(path: str | Path, expected_sha256: str) -> dict[str, Any]:
    # Hash and unpickle the same bytes: re-reading the file after checking would leave a swap window.
    payload = Path(path).read_bytes()
    actual = hashlib.sha256(payload).hexdigest()
    if not hmac.compare_digest(actual, expected_sha256.lower()):
        raise ValueError(f"checkpoint {path} sha256 mismatch: expected {expected_sha256}, got {actual}")
    data = torch.load(io.BytesIO(payload), map_location="cpu", weights_only=True)
    if not isinstance(data, dict) or "state_dict" not in data:
        raise ValueError(f"checkpoint {path} has no state_dict")
    return data


def load_checkpoint(path: str | Path, expected_sha256: str) -> dict[str, torch.Tensor]:
    """Verify the SHA-256, then load the weights on CPU.

    Raises:
        ValueError: hash mismatch or not a Radloop checkpoint.
    """
    state: dict[str, torch.Tensor] = _load_verified(path, expected_sha256)["state_dict"]
    return state


def load_checkpoint_meta(path: str | Path, expected_sha256: str) -> dict[str, Any]:
    """Verify the SHA-256 and return the ``meta`` stored with the weights."""
    meta: dict[str, Any] = _load_verified(path, expected_sha256).get("meta", {})
    return meta
