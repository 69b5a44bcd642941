"""Per-step training time of the UNet++ the engine trains, on real batches, under the CPU options worth trying.

    python -m benchmarks.training_speed      # CVC-ClinicDB 128x128 2D; MSD hippocampus 3D as stored and cropped
    python -m benchmarks.training_speed --steps 3 --workloads msd3d_crop

Why: the label-efficiency benchmark now trains every model to a validation plateau, so its wall time is the number
of optimisation steps times the time of one step; this measures what the step costs under float32 (the engine's CPU
default when there is no AMX), channels-last memory layout, bfloat16 autocast, smaller and larger networks, and 1 vs
2 torch threads (``threads``, timed in alternating blocks, ratio against the 1-thread blocks: on a machine whose
other core is busy the 2-thread steps stall on the busy core, so read ``min_time_ratio``, the ratio of the fastest
steps, there too). ``msd3d`` pads two stored volumes to 48 x 64 x 48; ``msd3d_crop`` first centre-crops them to 32 x
48 x 32, as the label-efficiency benchmark does by default (``--crop auto``). Every variant is a full training step
(forward of all four deep-supervision heads, Dice+CE loss, backward, Adam) on the batches the engine builds (whole
padded volumes for 3D, resized frames for 2D). Variants are timed round-robin, one step each in turn, so a load
change on a shared machine hits all of them alike; each ratio is the variant's median step time over the float32
default's median measured in the same run (``time_ratio`` < 1 is faster). The last printed line is the JSON.

bf16 caveat (``worker.ml.nets.uses_bf16``): on a CPU with AVX512-BF16 but no AMX, bf16 training was measured
non-deterministic with an occasional NaN, so the engine trains in float32 there; the bf16 figure here says what
that costs, not that it is safe.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from monai.losses.dice import DiceCELoss
from monai.losses.ds_loss import DeepSupervisionLoss

from benchmarks._data import center_crop, default_data_dir, load_dataset
from worker.ml.config import TrainConfig
from worker.ml.data import pad_to_shape, padded_shape, prepare_image, prepare_label
from worker.ml.nets import build_model

__all__ = ["main"]

DEFAULT_FEATURES = (8, 8, 16, 32, 64, 8)
MSD_CROP = (32, 48, 32)  # what label_efficiency's --crop auto gives on MSD hippocampus
FEATURES = {"small": (4, 4, 8, 16, 32, 4), "default": DEFAULT_FEATURES, "large": (16, 16, 32, 64, 128, 16)}


@dataclass
class _Variant:
    name: str
    features: tuple[int, int, int, int, int, int] = DEFAULT_FEATURES
    channels_last: bool = False
    bf16: bool = False
    times: list[float] = field(default_factory=list)


def _variants() -> list[_Variant]:
    out = [_Variant("fp32"), _Variant("channels_last", channels_last=True), _Variant("bf16_autocast", bf16=True)]
    out += [_Variant(f"features_{name}", features=f) for name, f in FEATURES.items() if name != "default"]
    return out


def _batch(pairs: list[tuple[np.ndarray, np.ndarray]], config: TrainConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """Whole images padded to one shared shape, as ``worker.ml.training`` batches them without patches."""
    largest = np.max([img.shape[1:] for img, _ in pairs], axis=0)
    shape = padded_shape(largest, config.divisor, 2 * config.divisor)
    images = [pad_to_shape(img, shape, float(img.min())) for img, _ in pairs]
    labels = [pad_to_shape(lab, shape, 0) for _, lab in pairs]
    return torch.from_numpy(np.stack(images)), torch.from_numpy(np.stack(labels))


def _step_fn(variant: _Variant, config: TrainConfig, batch: tuple[torch.Tensor, torch.Tensor]) -> Callable[[], None]:
    torch.manual_seed(0)
    model = build_model(replace(config, features=variant.features))
    images, labels = batch
    if variant.channels_last:
        layout = torch.channels_last if config.spatial_dims == 2 else torch.channels_last_3d
        model = model.to(memory_format=layout)  # type: ignore[call-overload]
        images = images.contiguous(memory_format=layout)
    model.train()
    loss_fn = DeepSupervisionLoss(DiceCELoss(to_onehot_y=True, softmax=True), weight_mode="same")
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=variant.bf16):
            heads = model(images)
        loss = loss_fn([h.float() for h in heads], labels)
        loss.backward()
        optimizer.step()

    return step


def _measure(
    name: str, config: TrainConfig, batch: tuple[torch.Tensor, torch.Tensor], threads: list[int], steps: int
) -> dict[str, Any]:
    torch.set_num_threads(1)
    variants = _variants()
    steps_fns = [_step_fn(v, config, batch) for v in variants]
    for step in steps_fns:  # warm-up: oneDNN picks kernels on first use
        step()
    for _ in range(steps):
        for variant, step in zip(variants, steps_fns, strict=True):
            started = time.perf_counter()
            step()
            variant.times.append(time.perf_counter() - started)
    base = statistics.median(variants[0].times)
    # Threads are compared in alternating blocks (1, 2, 1, 2), each starting with an untimed step, so a change
    # of thread count never falls inside a timed step.
    by_threads: dict[int, list[float]] = {t: [] for t in threads}
    baseline_step = steps_fns[0]
    for _ in range(2):
        for t in threads:
            torch.set_num_threads(t)
            baseline_step()
            for _ in range(steps):
                started = time.perf_counter()
                baseline_step()
                by_threads[t].append(time.perf_counter() - started)
    torch.set_num_threads(1)
    one_thread = statistics.median(by_threads[threads[0]])
    result: dict[str, Any] = {
        "workload": name,
        "batch_shape": list(batch[0].shape),
        "baseline": "fp32, features (8,8,16,32,64,8), 1 thread",
        "variants": {
            v.name: {
                "features": list(v.features),
                "median_step_s": round(statistics.median(v.times), 4),
                "min_step_s": round(min(v.times), 4),
                "time_ratio": round(statistics.median(v.times) / base, 3),
                "min_time_ratio": round(min(v.times) / min(variants[0].times), 3),
            }
            for v in variants
        },
        "threads": {
            str(t): {
                "median_step_s": round(statistics.median(times), 4),
                "min_step_s": round(min(times), 4),
                "time_ratio": round(statistics.median(times) / one_thread, 3),
                "min_time_ratio": round(min(times) / min(by_threads[threads[0]]), 3),
            }
            for t, times in by_threads.items()
        },
    }
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workloads", default="cvc2d,msd3d,msd3d_crop")
    parser.add_argument("--steps", type=int, default=3, help="timed steps per variant (after one warm-up step)")
    parser.add_argument("--threads", default="1,2", help="thread counts compared (fp32, default features)")
    parser.add_argument("--cvc-size", type=int, default=128)
    parser.add_argument("--cvc-batch", type=int, default=8)
    parser.add_argument("--msd-batch", type=int, default=2)
    args = parser.parse_args(argv)
    threads = [int(t) for t in args.threads.split(",") if t]
    if not threads or threads[0] != 1:
        parser.error("--threads must start with 1 (the baseline)")
    started = time.perf_counter()
    results: dict[str, Any] = {
        "benchmark": "training_speed",
        "cpu_bf16": {
            "avx512_bf16": bool(torch.cpu._is_avx512_bf16_supported()),
            "amx": bool(torch.cpu._is_amx_tile_supported()),
        },
        "workloads": [],
    }
    for workload in [w for w in args.workloads.split(",") if w]:
        if workload == "cvc2d":
            dataset = load_dataset(default_data_dir("polyp-cvc-clinicdb"), limit=args.cvc_batch, size=args.cvc_size)
            config = TrainConfig(num_classes=2, spatial_dims=2, batch_size=args.cvc_batch, precision="fp32")
        elif workload in ("msd3d", "msd3d_crop"):
            dataset = load_dataset(default_data_dir("msd-hippocampus"), limit=args.msd_batch)
            if workload == "msd3d_crop":
                dataset, _ = center_crop(dataset, MSD_CROP)
            config = TrainConfig(num_classes=3, spatial_dims=3, batch_size=args.msd_batch, precision="fp32")
        else:
            parser.error(f"unknown workload {workload!r} (cvc2d, msd3d, msd3d_crop)")
        assert all(s.label is not None for s in dataset.samples)
        pairs = [
            (prepare_image(s.image, config), prepare_label(s.label, config))
            for s in dataset.samples
            if s.label is not None  # always (asserted above); says so to the type checker
        ]
        results["workloads"].append(_measure(workload, config, _batch(pairs, config), threads, args.steps))
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
