from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import torch

from worker.ml.checkpoint import load_checkpoint, load_checkpoint_meta, save_checkpoint


def _state() -> dict[str, torch.Tensor]:
    return {"conv.weight": torch.arange(6, dtype=torch.float32).reshape(2, 3), "conv.bias": torch.ones(2)}


class TestSaveCheckpoint:
    def test_returns_the_sha256_of_the_written_file(self, tmp_path: Path) -> None:
        path = tmp_path / "models" / "round-1.pt"
        digest = save_checkpoint(path, _state(), {"round": 1})
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()


class TestLoadCheckpoint:
    def test_round_trips_weights_and_meta(self, tmp_path: Path) -> None:
        path = tmp_path / "ckpt.pt"
        digest = save_checkpoint(path, _state(), {"config": {"features": [8, 8]}, "round": 2})
        loaded = load_checkpoint(path, digest)
        assert torch.equal(loaded["conv.weight"], _state()["conv.weight"])
        assert load_checkpoint_meta(path, digest) == {"config": {"features": [8, 8]}, "round": 2}

    def test_tampered_file_is_rejected(self, tmp_path: Path) -> None:
        path = tmp_path / "ckpt.pt"
        digest = save_checkpoint(path, _state(), {})
        data = bytearray(path.read_bytes())
        data[-10] ^= 0xFF
        path.write_bytes(bytes(data))
        with pytest.raises(ValueError, match="sha256 mismatch"):
            load_checkpoint(path, digest)

    def test_wrong_expected_hash_is_rejected(self, tmp_path: Path) -> None:
        path = tmp_path / "ckpt.pt"
        save_checkpoint(path, _state(), {})
        with pytest.raises(ValueError, match="sha256 mismatch"):
            load_checkpoint(path, "0" * 64)
