"""Part (d): scoring throughput of every strategy in bf16 and in fp32, CVC frames and MSD patients per second.

The timing is :func:`benchmarks.scoring_speed.measure` (the pool scored one image at a time, exactly as a round
scores it, against the MONAI Label-style naive baseline of ``T`` separate float32 passes). On a GPU the MC
passes and ACFT views share forward passes (``infer_batch_size`` 8); fp32 there means torch's default, which
lets cuDNN convolutions use TF32 (recorded).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from benchmarks._data import load_dataset
from benchmarks.gpu_suite.presets import PRESETS
from benchmarks.scoring_speed import labelled_embeddings, measure
from worker.ml.config import TrainConfig
from worker.ml.nets import build_model, resolve_device
from worker.ml.scoring import STRATEGIES

__all__ = ["run"]

STRATEGY_ORDER = ("random", "entropy", "mc_dropout", "acft", "unetpp_heads", "coreset", "hybrid")


def _dataset_throughput(data: Path, limit: int, size: int | None, preset_name: str, unit: str) -> dict[str, Any]:
    sizes = PRESETS[preset_name].throughput
    dataset = load_dataset(data, limit=limit, size=size)
    images = [s.image for s in dataset.samples]
    cuda = torch.cuda.is_available()
    config = TrainConfig(
        num_classes=dataset.num_classes,
        spatial_dims=dataset.spatial_dims,
        features=sizes.features,
        mc_samples=sizes.mc_samples,
        acft_views=min(sizes.mc_samples, 8),
        infer_batch_size=8 if cuda else 1,
        precision="bf16",
    )
    torch.manual_seed(0)
    model = build_model(config).to(resolve_device(config)).eval()
    labelled = labelled_embeddings(model, config, images[: min(4, len(images))])
    strategies = [s for s in STRATEGY_ORDER if s in STRATEGIES]
    measured = measure(
        model,
        config,
        images,
        strategies,
        repeats=sizes.repeats,
        labelled=labelled,
        fp32_strategies=strategies,
    )
    methods = measured["methods"]
    per_strategy = {
        name: {"bf16": methods[name], "fp32": methods[f"{name}_fp32"], **measured["equality"][name]}
        for name in strategies
    }
    return {
        "data": str(data),
        "unit": unit,
        "items": len(images),
        "shape": list(images[0].shape),
        "T": config.mc_samples,
        "infer_batch_size": config.infer_batch_size,
        "naive": methods["naive"],
        "strategies": per_strategy,
    }


def run(out: Path, preset: str, cvc: str, msd: str) -> None:
    """Measure both datasets and write the JSON to ``out`` (runs in a child process of the suite)."""
    sizes = PRESETS[preset].throughput
    results: dict[str, Any] = {
        "benchmark": "gpu_suite.throughput",
        "preset": preset,
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "fp32_convolutions_tf32": bool(torch.backends.cudnn.allow_tf32) if torch.cuda.is_available() else False,
        "repeats": sizes.repeats,
        "datasets": {},
    }
    plan = (
        ("cvc_clinicdb", Path(cvc), sizes.frames, sizes.frame_size, "frames"),
        ("msd_hippocampus", Path(msd), sizes.patients, None, "patients"),
    )
    for name, data, limit, size, unit in plan:
        results["datasets"][name] = _dataset_throughput(data, limit, size, preset, unit)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        print(json.dumps({name: results["datasets"][name]["strategies"]}))
