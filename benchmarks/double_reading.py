"""``python -m benchmarks.double_reading``: how much label noise targeted double reading catches per unit of budget
(issue 17, item 2), on MSD hippocampus with simulated readers.

The set-up mirrors a round being read. A UNet++ is trained on ``--train`` patients (their ground truth) and predicts
the ``--read`` patients a round would send to readers, with MC-dropout entropy as the round's uncertainty. Each read
patient gets a first read from one of four simulated readers: the ground truth with a reader's typical errors, drawn
per case at the reader's own rates:

- boundary: one side of the mask (a random half-space through its centre) drawn a voxel wider or tighter (every
  reader, often);
- missed part: one of the two labels (anterior or posterior hippocampus) or the smaller connected piece left out;
- extra: a false blob of the label beside the structure;
- careless slices: the last slices of the structure at one end not drawn.

A read's label noise is ``1 - mean Dice`` over the labels against the ground truth. With a budget for second reads
of a fraction ``f`` of the read cases, each rule picks which cases a second reader reads, exactly as
``backend/review/double_read.py`` does:

- ``random``: a fixed draw per case (repeated over ``--seeds`` project keys: its mean and spread);
- ``disagreement``: the first reads whose Dice with the model's prediction is lowest;
- ``uncertainty``: the cases the model is most uncertain about (highest entropy).

Reported per rule and fraction: the share of all label noise that sits in the double-read cases ("caught": a second
read and a reviewer get the chance to fix it), the share of bad reads (Dice below ``--bad``) caught, and the noise
caught per second read relative to random (the gain per unit of budget, each second read costing the same). The
model's own Dice on the read patients is printed too: a rule built on the model is only as good as the model.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import ndimage

from backend.review.double_read import draw, foreground_dice
from benchmarks._data import auto_crop_shape, center_crop, default_cache_dir, default_data_dir, load_dataset

FRACTIONS = (0.1, 0.2, 0.3)
RULES = ("random", "disagreement", "uncertainty")


@dataclass(frozen=True)
class Reader:
    """A simulated reader's error rates per case."""

    name: str
    boundary: float
    missed: float
    extra: float
    careless: float


READERS = (
    Reader("careful", boundary=0.3, missed=0.02, extra=0.02, careless=0.05),
    Reader("average", boundary=0.5, missed=0.06, extra=0.05, careless=0.10),
    Reader("hurried", boundary=0.6, missed=0.12, extra=0.08, careless=0.25),
    Reader("novice", boundary=0.7, missed=0.20, extra=0.15, careless=0.20),
)


def mean_label_dice(a: np.ndarray, b: np.ndarray, labels: list[int]) -> float:
    scores = []
    for label in labels:
        x, y = a == label, b == label
        total = int(x.sum()) + int(y.sum())
        scores.append(1.0 if total == 0 else 2.0 * int(np.logical_and(x, y).sum()) / total)
    return float(np.mean(scores))


def simulate_read(truth: np.ndarray, reader: Reader, rng: np.random.Generator) -> np.ndarray:
    """The ground truth as ``reader`` might draw it on one case."""
    read = truth.copy()
    labels = [int(v) for v in np.unique(truth) if v > 0]
    if labels and rng.random() < reader.missed:
        label = int(rng.choice(labels))
        pieces, count = ndimage.label(read == label)
        if count > 1:  # the smaller piece goes missing
            sizes = ndimage.sum(np.ones_like(pieces), pieces, index=range(1, count + 1))
            read[pieces == int(np.argmin(sizes)) + 1] = 0
        else:
            read[read == label] = 0
    if rng.random() < reader.boundary:
        # One side of the structure drawn a voxel too wide or too tight: readers differ on part of a boundary,
        # seldom on all of it (a whole-surface voxel costs a structure this thin half its Dice).
        structure = ndimage.generate_binary_structure(truth.ndim, 1)
        normal = rng.normal(size=truth.ndim)
        grid = np.indices(truth.shape).reshape(truth.ndim, -1).T
        centre = np.argwhere(read > 0).mean(axis=0) if (read > 0).any() else np.zeros(truth.ndim)
        side = ((grid - centre) @ normal > 0).reshape(truth.shape)
        out = read.copy()
        for label in labels:
            region = read == label
            grow = rng.random() < 0.5
            changed = (ndimage.binary_dilation if grow else ndimage.binary_erosion)(region, structure)
            if grow:
                out[changed & ~region & side & (read == 0)] = label
            else:
                out[region & ~changed & side] = 0
        read = out
    if labels and rng.random() < reader.extra:
        where = np.argwhere(truth > 0)
        centre = where[rng.integers(len(where))] + rng.integers(-6, 7, size=truth.ndim)
        box = tuple(slice(max(0, int(c) - 2), max(0, int(c) + 2)) for c in centre)
        patch = read[box]
        patch[patch == 0] = int(rng.choice(labels))
    if labels and rng.random() < reader.careless:
        axis = int(rng.integers(truth.ndim))
        extent = np.nonzero(np.any(truth > 0, axis=tuple(a for a in range(truth.ndim) if a != axis)))[0]
        if extent.size > 4:
            drop = max(1, int(extent.size * 0.15))
            cut = extent[-drop:] if rng.random() < 0.5 else extent[:drop]
            index: list[Any] = [slice(None)] * truth.ndim
            index[axis] = cut
            read[tuple(index)] = 0
    return read


@dataclass(frozen=True)
class Case:
    case_id: str
    reader: str
    noise: float  # 1 - mean label Dice of the first read against the truth
    model_dice: float | None  # the first read against the model's prediction (foreground)
    uncertainty: float  # the model's entropy score


def _train_and_predict(train: list[Any], read: list[Any], num_classes: int, epochs: int, seed: int) -> list[Any]:
    from worker.ml.config import TrainConfig
    from worker.ml.inference import predict
    from worker.ml.training import train_segmenter

    config = TrainConfig(num_classes=num_classes, epochs=epochs, seed=seed, dropout=0.1, mc_samples=4)
    trained = train_segmenter(train, [], config)
    return predict(
        trained.state_dict, config, [s.image for s in read], mc_samples=config.mc_samples, return_heads=False
    )


def _entropy(prediction: Any, case_id: str) -> float:
    from worker.ml.scoring import ScoreContext, score

    return float(score(prediction, "entropy", ScoreContext(sample_id=case_id)).value)


def pick(cases: list[Case], rule: str, fraction: float, key: uuid.UUID) -> set[str]:
    """The cases a rule double-reads with a budget of ``fraction`` of the read cases."""
    n = round(fraction * len(cases))
    if rule == "random":
        ranked = sorted(cases, key=lambda c: draw(key, uuid.uuid5(uuid.NAMESPACE_URL, c.case_id)))
    elif rule == "disagreement":
        ranked = sorted(cases, key=lambda c: c.model_dice if c.model_dice is not None else math.inf)
    else:
        ranked = sorted(cases, key=lambda c: -c.uncertainty)
    return {c.case_id for c in ranked[:n]}


def evaluate(cases: list[Case], chosen: set[str], bad: float) -> tuple[float, float]:
    """Share of all label noise, and of the bad reads, in the chosen cases."""
    total = sum(c.noise for c in cases)
    bad_cases = [c for c in cases if 1 - c.noise < bad]
    caught = sum(c.noise for c in cases if c.case_id in chosen)
    bad_caught = sum(1 for c in bad_cases if c.case_id in chosen)
    return (caught / total if total else 0.0, bad_caught / len(bad_cases) if bad_cases else 0.0)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir("msd-hippocampus"))
    parser.add_argument("--train", type=int, default=24, help="patients the model is trained on")
    parser.add_argument("--read", type=int, default=150, help="patients read (the round's cases)")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=20, help="random rule: project keys to average over")
    parser.add_argument("--reader-seeds", type=int, default=5, help="independent draws of the simulated reads")
    parser.add_argument("--bad", type=float, default=0.8, help="a read below this mean Dice counts as bad")
    parser.add_argument("--output", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    dataset = load_dataset(args.data, limit=args.train + args.read, cache_dir=default_cache_dir())
    dataset, lost = center_crop(dataset, auto_crop_shape(dataset))
    train, read = dataset.samples[: args.train], dataset.samples[args.train :]
    truths = [s.label for s in read if s.label is not None]
    if len(truths) != len(read):
        raise SystemExit("every read patient needs its ground truth")
    print(f"{len(train)} training and {len(read)} read patients, cropped ({100 * lost:.2f}% foreground cut off)")
    predictions = _train_and_predict(train, read, dataset.num_classes, args.epochs, seed=0)
    labels = list(range(1, dataset.num_classes))
    model_quality = [mean_label_dice(p.mask, truth, labels) for p, truth in zip(predictions, truths, strict=True)]
    uncertainty = [_entropy(p, s.id) for p, s in zip(predictions, read, strict=True)]
    elapsed = time.perf_counter() - started
    print(f"model on the read patients: mean Dice {statistics.mean(model_quality):.3f} ({elapsed:.0f} s)")

    per_draw: list[dict[str, dict[str, tuple[float, float]]]] = []
    noise_levels = []
    for reader_seed in range(args.reader_seeds):
        rng = np.random.default_rng(1000 + reader_seed)
        cases = []
        for sample, truth, prediction, entropy in zip(read, truths, predictions, uncertainty, strict=True):
            reader = READERS[int(rng.integers(len(READERS)))]
            first = simulate_read(truth, reader, rng)
            cases.append(
                Case(
                    case_id=sample.id,
                    reader=reader.name,
                    noise=1 - mean_label_dice(first, truth, labels),
                    model_dice=foreground_dice(first, prediction.mask),
                    uncertainty=entropy,
                )
            )
        noise_levels.append((statistics.mean(c.noise for c in cases), sum(1 - c.noise < args.bad for c in cases)))
        figures: dict[str, dict[str, tuple[float, float]]] = {}
        for fraction in FRACTIONS:
            row: dict[str, tuple[float, float]] = {}
            randoms = [
                evaluate(cases, pick(cases, "random", fraction, uuid.UUID(int=k)), args.bad) for k in range(args.seeds)
            ]
            row["random"] = (statistics.mean(r[0] for r in randoms), statistics.mean(r[1] for r in randoms))
            for rule in ("disagreement", "uncertainty"):
                row[rule] = evaluate(cases, pick(cases, rule, fraction, uuid.UUID(int=0)), args.bad)
            figures[str(fraction)] = row
        per_draw.append(figures)

    print(
        f"first reads: mean label noise {statistics.mean(n for n, _ in noise_levels):.3f}, "
        f"{statistics.mean(b for _, b in noise_levels):.1f} bad reads of {len(read)} (Dice < {args.bad}), "
        f"over {args.reader_seeds} draws of the readers"
    )
    summary: dict[str, dict[str, dict[str, float]]] = {}
    print(
        f"\n{'second reads':>12} {'rule':>13} {'noise caught':>14} {'bad reads caught':>17} {'per read vs random':>19}"
    )
    for fraction in FRACTIONS:
        summary[str(fraction)] = {}
        random_caught = statistics.mean(d[str(fraction)]["random"][0] for d in per_draw)
        for rule in RULES:
            caught = [d[str(fraction)][rule][0] for d in per_draw]
            bad_caught = [d[str(fraction)][rule][1] for d in per_draw]
            entry = {
                "noise_caught": statistics.mean(caught),
                "noise_caught_sd": statistics.stdev(caught) if len(caught) > 1 else 0.0,
                "bad_caught": statistics.mean(bad_caught),
                "gain_vs_random": statistics.mean(caught) / random_caught if random_caught else float("nan"),
            }
            summary[str(fraction)][rule] = entry
            print(
                f"{fraction:>12.0%} {rule:>13} {entry['noise_caught']:>9.1%} ±{entry['noise_caught_sd']:.1%} "
                f"{entry['bad_caught']:>17.1%} {entry['gain_vs_random']:>18.2f}x"
            )
    result = {
        "benchmark": "double_reading",
        "train": len(train),
        "read": len(read),
        "epochs": args.epochs,
        "model_dice": statistics.mean(model_quality),
        "mean_noise": statistics.mean(n for n, _ in noise_levels),
        "readers": [asdict(r) for r in READERS],
        "summary": summary,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.output:
        args.output.write_text(json.dumps(result, indent=2))
    print(json.dumps({"benchmark": "double_reading", "summary": summary}))
    return result


if __name__ == "__main__":
    main()
