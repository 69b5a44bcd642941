"""Patients scored per second per strategy, against a naive baseline run in the same process.

    python -m benchmarks.scoring_speed [--patients 8] [--samples 8] [--data DIR]

The naive baseline does what MONAI Label's epistemic scoring does: one patient at a time, ``T`` separate
forward passes (batch 1, float32) with dropout on, then the predictive entropy. Every strategy is timed exactly
as ``run_round_ml`` scores the pool (inference with what the strategy needs, then the score), with the engine's
default config: ``precision="auto"`` (bf16 autocast for inference where the CPU has AMX or AVX512-BF16, or the
GPU has bf16) and ``infer_batch_size=1``. Equal-score check: ``acft`` and ``mc_dropout`` are also run in
float32; the report gives the largest score difference and the Spearman rank correlation of the two score lists
(selection only uses the ranking). The model is untrained: speed does not depend on the weights.

Each method is timed ``--repeats`` times, interleaved, and its best run is kept: on a shared CPU the best
run is the least disturbed one.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus
from scipy.stats import spearmanr

from benchmarks._data import default_data_dir, load_dataset
from worker.ml.config import TrainConfig
from worker.ml.data import prepare_image
from worker.ml.inference import forward_heads, predict_with_model
from worker.ml.nets import build_model, mc_dropout_mode, uses_bf16
from worker.ml.scoring import STRATEGIES, ScoreContext, get_strategy
from worker.ml.uncertainty import entropy


def _naive_epistemic(
    model: BasicUNetPlusPlus, config: TrainConfig, images: list[np.ndarray], samples: int
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


def _score_all(
    model: BasicUNetPlusPlus, config: TrainConfig, images: list[np.ndarray], name: str, labelled: np.ndarray
) -> list[float]:
    strategy = get_strategy(name)
    mc = config.mc_samples if strategy.needs_mc else 0
    views = config.acft_views if strategy.needs_views else 0
    out = []
    for i, raw in enumerate(images):
        (prediction,) = predict_with_model(model, config, [raw], mc, strategy.needs_heads, views)
        context = ScoreContext(f"p{i}", config.band_width, config.seed, labelled_features=labelled)
        out.append(strategy.fn(prediction, context).value)
    return out


class _Timer:
    """Best patients/s of each named method over interleaved repeats."""

    def __init__(self, patients: int) -> None:
        self.patients = patients
        self.best: dict[str, float] = {}
        self.values: dict[str, list[float]] = {}

    def run(self, name: str, fn) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        self.values[name] = fn()
        rate = self.patients / (time.perf_counter() - started)
        self.best[name] = max(rate, self.best.get(name, 0.0))


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(default_data_dir("msd-hippocampus")))
    parser.add_argument("--patients", type=int, default=8)
    parser.add_argument("--samples", type=int, default=8, help="T: MC passes and ACFT views")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0 = torch default)")
    parser.add_argument("--strategies", default=",".join(sorted(STRATEGIES)))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    dataset = load_dataset(Path(args.data), limit=args.patients)
    images = [s.image for s in dataset.samples]
    config = TrainConfig(
        num_classes=dataset.num_classes,
        spatial_dims=dataset.spatial_dims,
        mc_samples=args.samples,
        acft_views=min(args.samples, 8),
    )
    fp32 = replace(config, precision="fp32")
    torch.manual_seed(0)
    model = build_model(config).eval()
    labelled = np.random.default_rng(0).normal(size=(4, config.features[4])).astype(np.float32)
    print(
        f"{len(images)} patients from {args.data}, shapes e.g. {images[0].shape}, T = {args.samples}, "
        f"torch threads {torch.get_num_threads()}, device cpu, bf16 autocast {uses_bf16(config, torch.device('cpu'))}"
    )

    _score_all(model, config, images[:1], "entropy", labelled)  # warm-up
    names = args.strategies.split(",")
    timer = _Timer(len(images))
    for _ in range(args.repeats):
        timer.run("naive", lambda: _naive_epistemic(model, fp32, images, args.samples))
        for name in names:
            timer.run(name, lambda name=name: _score_all(model, config, images, name, labelled))
        for name in ("acft", "mc_dropout"):
            if name in names:  # equal-score check: the same strategy in float32
                timer.run(f"{name}_fp32", lambda n=name: _score_all(model, fp32, images, n, labelled))
    naive_rate = timer.best["naive"]
    print(f"naive (MONAI Label epistemic: batch-1, {args.samples} passes/patient): {naive_rate:.2f} patients/s")
    results: dict[str, object] = {
        "benchmark": "scoring_speed",
        "device": "cpu",
        "torch_threads": torch.get_num_threads(),
        "patients": len(images),
        "T": args.samples,
        "repeats": args.repeats,
        "naive_patients_per_s": round(naive_rate, 3),
    }
    for name in names:
        rate = timer.best[name]
        print(f"{name:>13}: {rate:7.2f} patients/s  ({rate / naive_rate:.2f}x naive)")
        results[f"{name}_patients_per_s"] = round(rate, 3)
        results[f"{name}_ratio"] = round(rate / naive_rate, 2)
    for name in ("acft", "mc_dropout"):
        if name not in names:
            continue
        fast, reference = timer.values[name], timer.values[f"{name}_fp32"]
        speedup = timer.best[name] / timer.best[f"{name}_fp32"]
        diff = float(np.max(np.abs(np.subtract(fast, reference))))
        rho = float(spearmanr(fast, reference).statistic) if len(fast) > 2 else float("nan")
        print(
            f"{name:>13}: default precision vs float32 {speedup:.2f}x; max |score difference| {diff:.2e} "
            f"(mean score {np.mean(reference):.4f}), Spearman rank correlation {rho:.3f}"
        )
        results[f"{name}_vs_fp32"] = round(speedup, 2)
        results[f"{name}_max_score_difference"] = diff
        results[f"{name}_spearman_vs_fp32"] = round(rho, 4)
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
