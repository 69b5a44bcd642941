"""Patients (or 2D frames) scored per second per strategy, against a naive baseline run in the same process.

    python -m benchmarks.scoring_speed [--patients 8] [--samples 8] [--data DIR] [--device cpu|cuda]

The naive baseline does what MONAI Label's epistemic scoring does: one patient at a time, ``T`` separate
forward passes (batch 1, float32) with torch's dropout on, then the predictive entropy. Every strategy is timed
exactly as ``run_round_ml`` scores the pool (inference with what the strategy needs, then the score), with the
engine's default config: ``precision="auto"`` (bf16 autocast for inference where the CPU has AMX or
AVX512-BF16, or the GPU has bf16) and ``infer_batch_size=1`` (``--infer-batch-size`` on a GPU). Equal-score
check: ``acft`` and ``mc_dropout`` are also run in float32; the report gives the largest score difference and
the Spearman rank correlation of the two score lists (selection only uses the ranking). The model is
untrained: speed does not depend on the weights.

Each method is timed ``--repeats`` times, interleaved, and its best run is kept: on a shared CPU the best run
is the least disturbed one. Every rate is given twice: per second of wall time (``*_per_s``, ``*_ratio``) and
per second of this process's CPU time (``*_cpu_ratio``), which other processes on a shared machine disturb
far less; on a GPU only the wall time means anything.
"""

from __future__ import annotations

import argparse
import functools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus
from scipy.stats import spearmanr

from benchmarks._data import default_data_dir, load_dataset
from worker.ml.config import TrainConfig
from worker.ml.data import prepare_image
from worker.ml.inference import forward_heads, predict_with_model
from worker.ml.nets import build_model, mc_dropout_mode, resolve_device, uses_bf16
from worker.ml.scoring import STRATEGIES, ScoreContext, get_strategy
from worker.ml.uncertainty import entropy

__all__ = ["labelled_embeddings", "main", "measure", "naive_epistemic", "score_pool"]


def naive_epistemic(
    model: BasicUNetPlusPlus, config: TrainConfig, images: Sequence[np.ndarray], samples: int
) -> list[float]:
    """MONAI Label style: per patient, ``samples`` separate batch-1 MC-dropout passes, mean entropy."""
    scores = []
    with torch.inference_mode(), mc_dropout_mode(model):
        for raw in images:
            image = torch.from_numpy(prepare_image(raw, config))[None]
            draws = [torch.softmax(forward_heads(model, image, config)[-1][0], 0) for _ in range(samples)]
            mean = torch.stack(draws).mean(0).numpy()
            scores.append(float(np.nanmean(entropy(mean, axis=0))))
    return scores


def score_pool(
    model: BasicUNetPlusPlus,
    config: TrainConfig,
    images: Sequence[np.ndarray],
    name: str,
    labelled: np.ndarray | None,
) -> list[float]:
    """Scores of ``images`` one at a time, as ``worker.ml.round.run_round_ml`` computes them for its pool."""
    strategy = get_strategy(name)
    mc = config.mc_samples if strategy.needs_mc else 0
    views = config.acft_views if strategy.needs_views else 0
    out = []
    for i, raw in enumerate(images):
        (prediction,) = predict_with_model(model, config, [raw], mc, strategy.needs_heads, views)
        context = ScoreContext(
            f"p{i}",
            config.band_width,
            config.seed,
            labelled_features=labelled,
            acft_alpha=config.acft_alpha,
            acft_weights=config.acft_weights,
            acft_clamp=config.acft_clamp,
            band_threshold=config.band_threshold,
        )
        out.append(strategy.fn(prediction, context).value)
    return out


def labelled_embeddings(model: BasicUNetPlusPlus, config: TrainConfig, images: Sequence[np.ndarray]) -> np.ndarray:
    """Embeddings of ``images`` standing in for the labelled set that ``coreset`` and ``hybrid`` measure against."""
    predictions = predict_with_model(model, config, list(images), return_heads=False)
    return np.stack([p.features for p in predictions])


class _Timer:
    """Best rate (items per second) of each named method over interleaved repeats, by wall and by CPU time."""

    def __init__(self, items: int, synchronize: Callable[[], None]) -> None:
        self.items = items
        self.synchronize = synchronize
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.values: dict[str, list[float]] = {}

    def run(self, name: str, fn: Callable[[], list[float]]) -> None:
        self.synchronize()
        wall, cpu = time.perf_counter(), time.process_time()
        self.values[name] = fn()
        self.synchronize()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.wall[name] = max(self.items / wall, self.wall.get(name, 0.0))
        self.cpu[name] = max(self.items / max(cpu, 1e-9), self.cpu.get(name, 0.0))


def measure(
    model: BasicUNetPlusPlus,
    config: TrainConfig,
    images: Sequence[np.ndarray],
    strategies: Sequence[str],
    *,
    repeats: int,
    labelled: np.ndarray | None,
    fp32_strategies: Sequence[str] = ("acft", "mc_dropout"),
    naive: bool = True,
) -> dict[str, Any]:
    """Time every strategy at ``config``'s precision and those in ``fp32_strategies`` also in float32.

    Returns ``{"methods": {name: {"per_s", "cpu_per_s", "ratio", "cpu_ratio"}}, "equality": {strategy:
    {"speedup_vs_fp32", "max_score_difference", "mean_score", "spearman"}}}``; float32 runs are named
    ``NAME_fp32``, the baseline ``naive``, and the ratios (to ``naive``) are ``None`` without it.
    """
    fp32 = replace(config, precision="fp32")
    device = resolve_device(config)
    synchronize = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    score_pool(model, config, images[:1], strategies[0], labelled)  # warm-up (kernel selection, CUDA context)
    timer = _Timer(len(images), synchronize)
    for _ in range(repeats):
        if naive:
            timer.run("naive", lambda: naive_epistemic(model, fp32, images, config.mc_samples))
        for name in strategies:
            timer.run(name, functools.partial(score_pool, model, config, images, name, labelled))
        for name in fp32_strategies:
            if name in strategies:
                timer.run(f"{name}_fp32", functools.partial(score_pool, model, fp32, images, name, labelled))
    methods: dict[str, dict[str, float | None]] = {}
    for name in timer.wall:
        methods[name] = {
            "per_s": round(timer.wall[name], 3),
            "cpu_per_s": round(timer.cpu[name], 3),
            "ratio": round(timer.wall[name] / timer.wall["naive"], 2) if naive else None,
            "cpu_ratio": round(timer.cpu[name] / timer.cpu["naive"], 2) if naive else None,
        }
    equality: dict[str, dict[str, float]] = {}
    for name in fp32_strategies:
        if name not in strategies:
            continue
        fast, reference = timer.values[name], timer.values[f"{name}_fp32"]
        equality[name] = {
            "speedup_vs_fp32": round(timer.wall[name] / timer.wall[f"{name}_fp32"], 2),
            "max_score_difference": float(np.max(np.abs(np.subtract(fast, reference)))),
            "mean_score": float(np.mean(reference)),
            "spearman": float(spearmanr(fast, reference).statistic) if len(fast) > 2 else float("nan"),
        }
    return {"methods": methods, "equality": equality}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(default_data_dir("msd-hippocampus")))
    parser.add_argument("--patients", type=int, default=8)
    parser.add_argument("--size", type=int, default=0, help="2D data only: resize frames to SIZE x SIZE")
    parser.add_argument("--samples", type=int, default=8, help="T: MC passes and ACFT views")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0 = torch default)")
    parser.add_argument("--strategies", default=",".join(sorted(STRATEGIES)))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--infer-batch-size", type=int, default=1)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    dataset = load_dataset(Path(args.data), limit=args.patients, size=args.size or None)
    images = [s.image for s in dataset.samples]
    config = TrainConfig(
        num_classes=dataset.num_classes,
        spatial_dims=dataset.spatial_dims,
        mc_samples=args.samples,
        acft_views=min(args.samples, 8),
        device=args.device,
        infer_batch_size=args.infer_batch_size,
    )
    device = resolve_device(config)
    torch.manual_seed(0)
    model = build_model(config).to(device).eval()
    labelled = labelled_embeddings(model, config, images[:4])
    print(
        f"{len(images)} {'frames' if dataset.spatial_dims == 2 else 'patients'} from {args.data}, shapes e.g."
        f" {images[0].shape}, T = {args.samples}, torch threads {torch.get_num_threads()}, device {device},"
        f" bf16 {uses_bf16(config, device)}"
    )
    names = [n for n in args.strategies.split(",") if n]
    measured = measure(model, config, images, names, repeats=args.repeats, labelled=labelled)
    methods = measured["methods"]
    naive = methods["naive"]
    print(f"naive (MONAI Label epistemic: batch-1, {args.samples} passes/patient): {naive['per_s']:.2f} patients/s")
    results: dict[str, Any] = {
        "benchmark": "scoring_speed",
        "device": str(device),
        "torch_threads": torch.get_num_threads(),
        "patients": len(images),
        "T": args.samples,
        "repeats": args.repeats,
        "naive_patients_per_s": naive["per_s"],
        "naive_cpu_patients_per_s": naive["cpu_per_s"],
    }
    for name in names:
        rate = methods[name]
        print(
            f"{name:>13}: {rate['per_s']:7.2f} patients/s  ({rate['ratio']:.2f}x naive; by CPU time"
            f" {rate['cpu_ratio']:.2f}x)"
        )
        results[f"{name}_patients_per_s"] = rate["per_s"]
        results[f"{name}_ratio"] = rate["ratio"]
        results[f"{name}_cpu_ratio"] = rate["cpu_ratio"]
    for name, check in measured["equality"].items():
        print(
            f"{name:>13}: default precision vs float32 {check['speedup_vs_fp32']:.2f}x; max |score difference|"
            f" {check['max_score_difference']:.2e} (mean score {check['mean_score']:.4f}), Spearman rank"
            f" correlation {check['spearman']:.3f}"
        )
        results[f"{name}_vs_fp32"] = check["speedup_vs_fp32"]
        results[f"{name}_max_score_difference"] = check["max_score_difference"]
        results[f"{name}_spearman_vs_fp32"] = round(check["spearman"], 4)
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
