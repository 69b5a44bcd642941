"""ML fixtures: real demo hippocampus volumes (read with nibabel here, since the engine never reads files) and
tiny synthetic samples for fast engine tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import torch

from worker.ml.config import TrainConfig
from worker.ml.data import Sample

HIPPOCAMPUS = Path(__file__).resolve().parents[2] / "demo" / "hippocampus"


def _read(path: Path) -> np.ndarray:
    volume = nib.load(path)
    assert isinstance(volume, nib.Nifti1Image)
    return np.asanyarray(volume.dataobj)


def load_hippocampus(name: str, with_label: bool = True) -> Sample:
    image = _read(HIPPOCAMPUS / "imagesTr" / name).astype(np.float32)
    label = _read(HIPPOCAMPUS / "labelsTr" / name).astype(np.uint8) if with_label else None
    return Sample(name.removesuffix(".nii.gz"), image, label)


@pytest.fixture(scope="session")
def hippocampus_samples() -> list[Sample]:
    """Three real demo volumes of different shapes, with labels 0/1/2."""
    names = ["hippocampus_001.nii.gz", "hippocampus_003.nii.gz", "hippocampus_004.nii.gz"]
    return [load_hippocampus(name) for name in names]


def synthetic_sample(sample_id: str, shape: tuple[int, int, int], seed: int, labelled: bool = True) -> Sample:
    """A bright cube (label 1) with a brighter core (label 2) on noise: learnable in a few steps."""
    rng = np.random.default_rng(seed)
    image = rng.normal(0.0, 0.3, shape).astype(np.float32)
    label = np.zeros(shape, dtype=np.uint8)
    outer = tuple(slice(s // 4, s // 4 + max(s // 2, 1)) for s in shape)
    inner = tuple(slice(s // 4 + s // 8, s // 4 + s // 8 + max(s // 4, 1)) for s in shape)
    label[outer] = 1
    label[inner] = 2
    image += label.astype(np.float32)
    return Sample(sample_id, image, label if labelled else None)


@pytest.fixture
def tiny_config() -> TrainConfig:
    return TrainConfig(num_classes=3, features=(4, 4, 8, 8, 16, 4), epochs=1, batch_size=2, mc_samples=2)


@pytest.fixture(autouse=True)
def _single_torch_thread() -> Iterator[None]:
    """One intra-op thread per ML test: on a shared 2-core machine two spinning OpenMP threads per process
    made the same forward pass ~5x slower; restored afterwards so other suites keep torch's default."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
