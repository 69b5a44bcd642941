"""The suite's sizes: ``gpu`` (the evidence run, one CUDA GPU, about 9.5 minutes) and ``tiny`` (a CPU smoke run).

The ``gpu`` sizes were estimated, not measured: no GPU was at hand when they were chosen. The estimate: a UNet++
training step is launch-bound (~10 ms of Python and ~3 ms of kernels), so 16 single-threaded jobs sharing the
GPU run at ~50 ms per step each; a plateau training takes ~300 steps plus a validation pass every ``val_every``
steps; 2 rounds of 30 CVC frames (20 -> 50 -> 80) and 2 rounds of 4 hippocampus patients (4 -> 8 -> 12) then fit
their phases. The suite enforces its budget whatever the real speed (:mod:`benchmarks.gpu_suite.jobs` stops what
is still running at each phase's deadline and keeps every finished curve), and the JSON says, per part, whether
everything finished and which curves are missing: a preset too large for the GPU shows up as an incomplete part,
never as a silently shortened run. Tune the sizes from the first GPU run's ``suite.json`` (per-job seconds) and
the job logs (per-training steps and seconds).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["PRESETS", "LabelRun", "Preset", "Throughput"]

Features = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class LabelRun:
    """Sizes of one ``benchmarks.label_efficiency`` setting (the part adds data, strategies and seeds).

    ``patience``, ``val_every`` and ``max_steps`` are the plateau-training rule: validate every ``val_every``
    steps, stop after ``patience`` checks without a new best, never beyond ``max_steps``. ``genesis``: start
    every training from a Models Genesis backbone pre-trained for ``genesis_steps`` (part (c) sets it itself).
    """

    limit: int
    size: int
    initial: int
    batch: int
    rounds: int
    batch_size: int
    features: Features
    patience: int
    val_every: int
    max_steps: int
    genesis_steps: int
    genesis: bool = True


@dataclass(frozen=True)
class Throughput:
    """Scoring-throughput sizes: CVC frames and MSD patients scored per method and precision."""

    frames: int
    frame_size: int
    patients: int
    features: Features
    repeats: int
    mc_samples: int


@dataclass(frozen=True)
class Preset:
    """Everything the suite sizes.

    Attributes:
        evidence: whether numbers from this preset may be quoted (``tiny`` only proves the code runs).
        workers: label-efficiency jobs run at once, each in its own process (one CUDA context each).
        split_by_strategy: one job per strategy instead of one job for all strategies.
        seed_chunks: each strategy's seeds split into this many jobs (each runs its seeds in order, so a job
            stopped at its deadline still leaves every strategy with its first seeds). More jobs keep more of
            the GPU busy; each also trains its own full-pool reference.
        infer_batch_size: MC passes / ACFT views sharing one forward pass in the label-efficiency jobs.
        shares: fraction of the budget per phase; a phase that finishes early leaves its time to the next.
    """

    name: str
    evidence: bool
    seeds: tuple[int, ...]
    workers: int
    split_by_strategy: bool
    seed_chunks: int
    threads: int
    infer_batch_size: int
    comparison: LabelRun
    hippocampus: LabelRun
    genesis: LabelRun
    throughput: Throughput
    shares: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Phases run one after another; "comparison" runs parts (a) and (c) side by side. The tiny preset's throughput
# phase is mostly process start-up and imports, hence its larger share.
_SHARES = {"throughput": 0.07, "comparison": 0.56, "hippocampus": 0.30, "reserve": 0.07}
_TINY_SHARES = {"throughput": 0.2, "comparison": 0.45, "hippocampus": 0.25, "reserve": 0.1}

PRESETS: dict[str, Preset] = {
    "gpu": Preset(
        name="gpu",
        evidence=True,
        seeds=(0, 1, 2, 3, 4),
        workers=16,
        split_by_strategy=True,
        seed_chunks=2,
        threads=1,
        infer_batch_size=8,
        comparison=LabelRun(
            limit=0,
            size=128,
            initial=20,
            batch=30,
            rounds=2,
            batch_size=16,
            features=(16, 32, 64, 128, 256, 16),
            patience=3,
            val_every=40,
            max_steps=600,
            genesis_steps=200,
        ),
        hippocampus=LabelRun(
            limit=0,
            size=0,
            initial=4,
            batch=4,
            rounds=2,
            batch_size=4,
            features=(16, 32, 64, 128, 256, 16),
            patience=3,
            val_every=30,
            max_steps=600,
            genesis_steps=200,
        ),
        genesis=LabelRun(
            limit=0,
            size=0,
            initial=4,
            batch=3,
            rounds=2,
            batch_size=4,
            features=(16, 32, 64, 128, 256, 16),
            patience=4,
            val_every=20,
            max_steps=600,
            genesis_steps=300,
        ),
        throughput=Throughput(
            frames=32, frame_size=128, patients=8, features=(16, 32, 64, 128, 256, 16), repeats=2, mc_samples=8
        ),
        shares=_SHARES,
    ),
    "tiny": Preset(
        name="tiny",
        evidence=False,
        seeds=(0, 1),
        workers=2,
        split_by_strategy=False,
        seed_chunks=1,
        threads=1,
        infer_batch_size=2,  # > 1 exercises the path the gpu preset takes
        comparison=LabelRun(
            limit=40,
            size=32,
            initial=4,
            batch=4,
            rounds=1,
            batch_size=4,
            features=(4, 4, 8, 8, 16, 4),
            patience=1,
            val_every=2,
            max_steps=4,
            genesis_steps=1,
            genesis=False,  # Genesis pre-training costs seconds even for one step; part (c) still runs it
        ),
        hippocampus=LabelRun(
            limit=10,
            size=0,
            initial=2,
            batch=2,
            rounds=1,
            batch_size=2,
            features=(4, 4, 8, 8, 16, 4),
            patience=1,
            val_every=2,
            max_steps=2,
            genesis_steps=1,
            genesis=False,
        ),
        genesis=LabelRun(
            limit=10,
            size=0,
            initial=2,
            batch=2,
            rounds=1,
            batch_size=2,
            features=(4, 4, 8, 8, 16, 4),
            patience=1,
            val_every=2,
            max_steps=2,
            genesis_steps=1,
        ),
        throughput=Throughput(
            # One patient: on a CPU without native bf16 (this AMD EPYC) the bf16 pass of one MSD volume takes ~8 s
            # per strategy, and the smoke run only has to show every part runs.
            frames=3,
            frame_size=32,
            patients=1,
            features=(4, 4, 8, 8, 16, 4),
            repeats=1,
            mc_samples=2,
        ),
        shares=_TINY_SHARES,
    ),
}
