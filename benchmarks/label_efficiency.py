"""Label efficiency: replay a labelled dataset with a simulated annotator and compare selection strategies.

    python -m benchmarks.label_efficiency            # MSD hippocampus, random vs ACFT, one seed (< 30 min, 2 cores)
    python -m benchmarks.label_efficiency --strategies random,acft,hybrid --seeds 0,1,2,3,4 --out r.json --plot r.png

Patients (or, with ``groups.csv``, whole groups such as the frames of one video) are split once by
``--split-seed`` into pool / validation / test. For every strategy and seed: ``--initial`` random pool patients
are "annotated" (the same ones for every strategy under a seed), then each round trains with
:func:`worker.ml.round.run_round_ml`, measures test Dice, and picks ``--batch`` more with
:func:`worker.ml.round.select_round` — the same code the product's rounds run. The first round of a seed (its
random initial patients) is trained once and shared by every strategy.

Every training, the full-pool reference included, runs to a plateau of validation Dice: a validation check
about every ``--val-every`` optimisation steps (whole epochs), stop after ``--patience`` checks without a new
best, keep the best check's weights, never more than ``--max-steps`` steps. A fixed step count would train
the full pool for one or two epochs and a 4-patient set for forty, so "95% of the full-pool Dice" would be
reached at the first point by construction. Each training records whether it converged (stopped by patience,
not by the cap), its steps and its best step; if any did not, the summary has ``"converged": false`` and
``"claims": "none: training did not converge"``, and no reduction is reported: raise ``--max-steps``.
Each round starts from the same weights (the Genesis backbone with ``--genesis on``, the default, or scratch);
``--continual all|hq`` fine-tunes the previous round's model instead, at ``lr * lr_fine_tune_scale``.

3D volumes are centre-cropped first (``--crop auto``: per axis the multiple of 16 below the median extent;
``--crop none`` keeps them as stored). The network pads every size up to a multiple of 16, so the MSD
hippocampus boxes (median 35 x 50 x 36) would train as 48 x 64 x 48; cropped to 32 x 48 x 32 a training step
costs a third (:mod:`benchmarks.training_speed`) and 0.01% of the foreground voxels of the default 40 cases are
cut off. The crop is placed on the image box, never on the label; the fraction cut is printed and stored in the
results, with a warning above 1%.

Comparisons with random are paired by seed and reported with 95% bootstrap intervals (see :func:`summarise`
and :mod:`benchmarks.stats`); with one seed nothing is significant, so claims need ``--seeds`` of 5 or more.

ACFT's randomised selection (and hybrid's shortlist) draws from the top ``--omega * --batch`` patients, capped
at ``max(b, ceil(--pool-fraction * N))``. Ablations: ``--omega 1`` is plain top-b (no randomisation);
``--pool-fraction 1`` removes the cap (ACFT as published, nearly random on a small pool). For example::

    python -m benchmarks.label_efficiency --strategies random,acft --seeds 0,1,2,3,4 --omega 1 --out omega1.json
    python -m benchmarks.label_efficiency --strategies random,acft --seeds 0,1,2,3,4 --pool-fraction 1 --out cap1.json

compared with the same command at the defaults (``--omega 5 --pool-fraction 0.25``).

2D, CVC-ClinicDB split by video sequence (``groups.csv``), all seven strategies::

    python -m benchmarks.label_efficiency --data ../shared/data/polyp-cvc-clinicdb --limit 0 --size 128 \\
        --strategies random,entropy,mc_dropout,acft,unetpp_heads,coreset,hybrid --initial 20 --batch 20 \\
        --rounds 3 --seeds 0,1,2,3,4 --batch-size 8 --val-every 25

The decoded dataset is cached (``--cache-dir``, ``--no-cache``; :mod:`benchmarks._data`). ``results.json``
holds the config, every training's record (``trainings``: converged, steps, best step, validation and test
Dice), the full-pool test Dice, each strategy's curve per seed as ``[{"n_labeled", "dice", "converged",
"steps"}]`` and the summary. The PNG (drawn with Pillow) shows mean ± sd per strategy and the 95% target. The
last printed line is the summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from benchmarks._data import Dataset, auto_crop_shape, center_crop, default_cache_dir, default_data_dir, load_dataset
from benchmarks.stats import bootstrap_mean, crossing
from worker.ml.config import TrainConfig
from worker.ml.data import Sample, prepare_image, prepare_label
from worker.ml.genesis import GenesisConfig, genesis_init_state, pretrain_genesis
from worker.ml.inference import load_model
from worker.ml.round import run_round_ml, select_round
from worker.ml.scoring import STRATEGIES
from worker.ml.training import TrainResult, evaluate_dice, train_segmenter

__all__ = ["NOT_CONVERGED", "main", "plateau_config", "split_groups", "summarise", "training_record"]

DEFAULT_PATIENCE = 5
DEFAULT_VAL_EVERY = 10


def split_groups(
    dataset: Dataset, split_seed: int, test_fraction: float, val_fraction: float
) -> tuple[list[Sample], list[Sample], list[Sample]]:
    """Pool / validation / test at group level (a group never straddles two splits)."""
    groups = sorted(set(dataset.groups.values()))
    order = np.random.default_rng(split_seed).permutation(len(groups))
    n_test = max(1, round(test_fraction * len(groups)))
    n_val = max(1, round(val_fraction * len(groups))) if val_fraction > 0 else 0
    if n_test + n_val >= len(groups):
        raise ValueError(f"{len(groups)} groups are too few for a test and validation split")
    test_groups = {groups[i] for i in order[:n_test]}
    val_groups = {groups[i] for i in order[n_test : n_test + n_val]}
    pool: list[Sample] = []
    val: list[Sample] = []
    test: list[Sample] = []
    for sample in dataset.samples:
        group = dataset.groups[sample.id]
        (test if group in test_groups else val if group in val_groups else pool).append(sample)
    return pool, val, test


def held_out_dice(state: Mapping[str, torch.Tensor], config: TrainConfig, test: Sequence[Sample]) -> float:
    """Mean Dice of the model in ``state`` on the held-out test patients (0.0 when none has a label), the figure
    every curve here and in ``value_per_cost`` plots."""
    model = load_model(state, config)
    pairs = [(prepare_image(s.image, config), prepare_label(s.label, config)) for s in test if s.label is not None]
    dice, _ = evaluate_dice(model, pairs, config)
    return float(dice) if dice is not None else 0.0


def plateau_config(config: TrainConfig, n: int, val_every: int, max_steps: int, patience: int) -> TrainConfig:
    """``config`` set to train on ``n`` samples until validation Dice plateaus, within ``max_steps`` steps.

    Training is epoch-based, so the step targets become epochs: validation every ``val_every`` optimisation
    steps (rounded to whole epochs, at least every epoch), stop after ``patience`` checks without a new best,
    and at most the epochs that reach ``max_steps``. Every training of a run gets the same cap and the same
    stopping rule, the full-pool reference included, so a curve point differs from the next in the data it was
    trained on, not in how long it trained. ``patience=0`` trains exactly the capped number of epochs.
    """
    steps_per_epoch = max(1, math.ceil(n / config.batch_size))
    epochs = max(1, math.ceil(max_steps / steps_per_epoch))
    interval = max(1, round(val_every / steps_per_epoch))
    return replace(config, epochs=epochs, val_interval=interval, patience=patience)


def training_record(result: TrainResult, n: int, config: TrainConfig) -> dict[str, Any]:
    """What the results keep of one training: did it reach its plateau, after how many steps, with what Dice."""
    steps_per_epoch = max(1, math.ceil(n / config.batch_size))
    return {
        "n_trained": n,
        "converged": bool(result.converged),
        "epochs_run": result.epochs_run,
        "steps_run": result.epochs_run * steps_per_epoch,
        "best_epoch": result.best_epoch,
        "best_step": None if result.best_epoch is None else result.best_epoch * steps_per_epoch,
        "max_steps": config.epochs * steps_per_epoch,
        "val_dice": result.val_dice,
        "seconds": round(result.seconds, 1),
    }


Curves = Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]]


def _points(curve: Sequence[Mapping[str, Any]]) -> tuple[list[int], np.ndarray]:
    return [int(p["n_labeled"]) for p in curve], np.array([float(p["dice"]) for p in curve])


def _crossing(curve: Sequence[Mapping[str, Any]], target: float) -> float | None:
    ns, values = _points(curve)
    return crossing([float(n) for n in ns], [float(v) for v in values], target)


def _mean_curve(curves: Sequence[Sequence[Mapping[str, Any]]]) -> tuple[list[int], np.ndarray, np.ndarray]:
    ns = _points(curves[0])[0]
    values = np.array([_points(curve)[1] for curve in curves])
    return ns, values.mean(axis=0), values.std(axis=0)


def _area(ns: Sequence[int], values: np.ndarray) -> float:
    """Area under a learning curve divided by its n range: the curve's mean Dice."""
    span = ns[-1] - ns[0]
    return float(np.trapezoid(values, ns) / span) if span > 0 else float(values[0])


def _interval(values: Sequence[float] | np.ndarray) -> dict[str, Any] | None:
    interval = bootstrap_mean(values)
    return None if interval is None else interval.to_dict()


NOT_CONVERGED = "none: training did not converge"
# A percentile bootstrap over 2-4 pairs calls any same-signed set "significant" (two positive seeds give the
# interval [min, max]); five pairs are the fewest at which it means something (all five on one side: sign test
# p = 0.06), so fewer never make a claim.
MIN_CLAIM_SEEDS = 5


def summarise(curves: Curves, full_dice: float, converged: bool = True) -> dict[str, Any]:
    """Per strategy: area under the mean curve, patients to 95% of full-pool Dice, and paired comparisons to random.

    Every comparison with random is paired by seed: a strategy's run and random's run of the same seed share the
    split, the initial patients and the first model, so their per-seed difference removes the seed-to-seed
    spread. Each is reported as the mean with a 95% percentile-bootstrap interval (:func:`benchmarks.stats
    .bootstrap_mean`, ``significant`` when the interval excludes 0):

    - ``paired_aulc_vs_random``: difference of normalised areas under the curve (plus ``sd``, ``seeds_better``);
    - ``dice_diff_vs_random``: difference of test Dice at each number of annotated patients;
    - ``patients_to_95pct``: per seed, where the curve, linearly interpolated, first reaches 95% of the
      full-pool Dice (:func:`benchmarks.stats.crossing`); the mean and interval only when every seed reaches it;
    - ``reduction_vs_random``: per seed ``1 - n_strategy / n_random`` (positive = fewer patients than random),
      when both reach the target on every seed; ``reduction_vs_random_at_least`` when the strategy reaches it on
      every seed and random misses it on some (random then needs more than its largest n: a lower bound).
      Neither when, on some seed, the initial patients alone already reach the target
      (``target_reached_by_initial`` counts those seeds): the shared first point then says only "at most the
      initial n" for random and strategy alike, and the reduction would be 0 by construction.

    ``converged=False`` (some training stopped at the step cap before its validation plateau) refuses every
    claim: the reductions are ``None``, each strategy's ``significant`` is false and ``claims`` says why. So do
    fewer than :data:`MIN_CLAIM_SEEDS` paired seeds. Otherwise a strategy's ``significant`` is its paired AULC
    interval's, and ``claims`` lists the significant AULC and reduction intervals.
    """
    target = 0.95 * full_dice
    best_curve = max(float(_mean_curve(list(per.values()))[1].max()) for per in curves.values())
    seeds = sorted({seed for per in curves.values() for seed in per})
    # With every training at its plateau the reference should be at least as good as models trained on part of
    # the pool; when it is not, "95% of full pool" is measured against a weak reference and the flag says so.
    summary: dict[str, Any] = {
        "target_dice": target,
        "full_pool_below_curves": full_dice < best_curve,
        "converged": converged,
        "seeds": len(seeds),
    }
    random = curves.get("random")
    random_max = max((n for c in (random or {}).values() for n in _points(c)[0]), default=None)
    first_points = {seed: float(c[0]["dice"]) for per in curves.values() for seed, c in per.items()}
    censored = {seed for seed, dice in first_points.items() if dice >= target}
    summary["target_reached_by_initial"] = len(censored)
    claims: list[str] = []
    for strategy, per_seed in curves.items():
        ns, mean, sd = _mean_curve(list(per_seed.values()))
        crossings = {seed: _crossing(curve, target) for seed, curve in per_seed.items()}
        reached = [c for c in crossings.values() if c is not None]
        every = len(reached) == len(crossings)
        entry: dict[str, Any] = {
            "aulc": _area(ns, mean),
            "final_dice_mean": float(mean[-1]),
            "final_dice_sd": float(sd[-1]),
            "patients_to_95pct_per_seed": crossings,
            "seeds_reaching_95pct": len(reached),
            "patients_to_95pct": float(np.mean(reached)) if every else None,
            "patients_to_95pct_interval": _interval(reached) if every else None,
            "paired_aulc_vs_random": None,
            "aulc_minus_random": None,
            "dice_diff_vs_random": None,
            "reduction_vs_random": None,
            "reduction_vs_random_interval": None,
            "reduction_vs_random_at_least": None,
            "significant": False,
        }
        summary[strategy] = entry
        if random is None or strategy == "random":
            continue
        paired = [seed for seed in per_seed if seed in random]
        if not paired:
            continue
        diffs = [_area(*_points(per_seed[s])) - _area(*_points(random[s])) for s in paired]
        aulc = _interval(diffs)
        assert aulc is not None
        aulc["sd"] = float(np.std(diffs, ddof=1)) if len(diffs) > 1 else None
        aulc["seeds_better"] = int(sum(d > 0 for d in diffs))
        entry["paired_aulc_vs_random"] = aulc
        entry["aulc_minus_random"] = entry["aulc"] - _area(*_mean_curve(list(random.values()))[:2])
        entry["dice_diff_vs_random"] = [
            {
                "n_labeled": n,
                **(_interval([_points(per_seed[s])[1][i] - _points(random[s])[1][i] for s in paired]) or {}),
            }
            for i, n in enumerate(ns)
        ]
        enough = len(paired) >= MIN_CLAIM_SEEDS
        entry["significant"] = converged and enough and bool(aulc["significant"])
        if entry["significant"]:
            claims.append(
                f"{strategy}: paired AULC {aulc['mean']:+.4f} vs random"
                f" (95% CI {aulc['low']:+.4f}..{aulc['high']:+.4f}, {aulc['n']} seeds)"
            )
        if not converged or censored & set(paired):
            continue
        own = [crossings[s] for s in paired]
        base = [_crossing(random[s], target) for s in paired]
        reached_own = [o for o in own if o is not None]
        reached_base = [b for b in base if b is not None]
        if len(reached_own) == len(paired) and len(reached_base) == len(paired):
            reductions = [1.0 - o / b for o, b in zip(reached_own, reached_base, strict=True)]
            entry["reduction_vs_random_interval"] = _interval(reductions)
            entry["reduction_vs_random"] = float(np.mean(reductions))
        elif len(reached_own) == len(paired) and random_max is not None:
            # Random missed the target on some seed: it needs more than its largest n there.
            bounds = [1.0 - o / (b if b is not None else random_max) for o, b in zip(reached_own, base, strict=True)]
            entry["reduction_vs_random_at_least"] = float(np.mean(bounds))
        band = entry["reduction_vs_random_interval"]
        if band is not None and band["significant"] and enough:
            claims.append(
                f"{strategy}: {100 * band['mean']:+.0f}% patients to 95% of full pool vs random"
                f" (95% CI {100 * band['low']:+.0f}%..{100 * band['high']:+.0f}%, {band['n']} seeds)"
            )
    paired_seeds = len(set(seeds) & set(random or {}))
    if not converged:
        summary["claims"] = NOT_CONVERGED
    elif random is not None and len(curves) > 1 and paired_seeds < MIN_CLAIM_SEEDS:
        summary["claims"] = f"none: {paired_seeds} paired seeds; a claim needs at least {MIN_CLAIM_SEEDS}"
    elif claims:
        summary["claims"] = "; ".join(claims)
    else:
        summary["claims"] = "none: no paired AULC difference to random excludes 0 at 95%"
    return summary


def _plot(path: Path, curves: Curves, full_dice: float, title: str) -> None:
    """Mean ± sd per strategy, drawn with Pillow (no matplotlib in the environment)."""
    from PIL import Image, ImageDraw

    width, height, left, right, top, bottom = 900, 560, 70, 200, 40, 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    all_n = [int(p["n_labeled"]) for per in curves.values() for c in per.values() for p in c]
    n_lo, n_hi = min(all_n), max(max(all_n), min(all_n) + 1)
    d_hi = max([full_dice] + [float(p["dice"]) for per in curves.values() for c in per.values() for p in c] + [0.1])
    d_hi = min(1.0, math.ceil(d_hi * 10) / 10)

    def xy(n: float, d: float) -> tuple[float, float]:
        return (
            left + (n - n_lo) / (n_hi - n_lo) * (width - left - right),
            height - bottom - d / d_hi * (height - top - bottom),
        )

    draw.rectangle([left, top, width - right, height - bottom], outline="black")
    for tick in np.linspace(0, d_hi, 6):
        x, y = xy(n_lo, float(tick))
        draw.line([x - 4, y, x, y], fill="black")
        draw.text((x - 40, y - 6), f"{tick:.2f}", fill="black")
    for n in sorted(set(all_n)):
        x, y = xy(n, 0)
        draw.line([x, y, x, y + 4], fill="black")
        draw.text((x - 6, y + 8), str(n), fill="black")
    draw.text((width / 2 - 80, height - 25), "annotated patients", fill="black")
    draw.text((10, 10), f"test Dice (mean +- sd), {title}", fill="black")
    x0, y_full = xy(n_lo, full_dice)
    x1, _ = xy(n_hi, full_dice)
    draw.line([x0, y_full, x1, y_full], fill=(120, 120, 120), width=1)
    # Reference labels inside the frame, at its left end: the legend owns the right margin.
    draw.text((x0 + 6, y_full - 14), "full pool", fill=(120, 120, 120))
    _, y_target = xy(n_lo, 0.95 * full_dice)
    for x in np.arange(x0, x1, 12.0):  # dashed: the 95% target that "patients to 95%" is measured against
        draw.line([x, y_target, min(x + 6, x1), y_target], fill=(120, 120, 120), width=1)
    draw.text((x0 + 6, y_target + 4), "95% of full pool", fill=(120, 120, 120))
    # One colour per strategy for all seven (tab10 without its grey, which the reference lines use).
    palette = [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
        (148, 103, 189), (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207),
    ]  # fmt: skip
    for index, (strategy, per_seed) in enumerate(curves.items()):
        colour = palette[index % len(palette)]
        ns, mean, sd = _mean_curve(list(per_seed.values()))
        upper = [xy(n, m + s) for n, m, s in zip(ns, mean, sd, strict=True)]
        lower = [xy(n, max(m - s, 0.0)) for n, m, s in zip(ns, mean, sd, strict=True)]
        if len(ns) > 1:
            draw.polygon(upper + lower[::-1], fill=(*colour, 50))
            draw.line([xy(n, m) for n, m in zip(ns, mean, strict=True)], fill=colour, width=3)
        for n, m in zip(ns, mean, strict=True):
            x, y = xy(n, m)
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        ly = top + 20 * index
        draw.line([width - right + 15, ly + 6, width - right + 40, ly + 6], fill=colour, width=3)
        draw.text((width - right + 45, ly), strategy, fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def _parse_crop(parser: argparse.ArgumentParser, text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(v) for v in text.split(","))
    except ValueError:
        parser.error("--crop needs auto, none or X,Y,Z")
    if len(shape) != 3 or min(shape) < 1:
        parser.error("--crop needs auto, none or three positive sizes X,Y,Z")
    return shape


def _parse_features(text: str) -> tuple[int, int, int, int, int, int]:
    values = tuple(int(v) for v in text.split(","))
    if len(values) != 6:
        raise argparse.ArgumentTypeError("--features needs 6 comma-separated integers")
    return values


def auto_max_steps(pool: int, batch_size: int) -> int:
    """The default cap: 40 epochs of the full pool, between 400 and 3000 steps (generous: a cap that is hit
    makes the run refuse its claims, so it only has to stop a training that would never plateau)."""
    return min(3000, max(400, 40 * math.ceil(pool / batch_size)))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data_dir("msd-hippocampus"))
    parser.add_argument("--limit", type=int, default=40, help="use the first N cases (0 = all)")
    parser.add_argument("--size", type=int, default=0, help="2D only: resize images to SIZE x SIZE (0 = as stored)")
    parser.add_argument(
        "--crop",
        default="auto",
        help="3D only: centre-crop volumes to at most X,Y,Z; auto: per axis the multiple of 16 below the median"
        " extent (MSD hippocampus: 32,48,32); none: as stored",
    )
    parser.add_argument("--strategies", default="random,acft")
    parser.add_argument("--initial", type=int, default=4)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seeds", default="0", help="comma-separated; paired intervals need several (5+)")
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--test-fraction", type=float, default=0.25)
    parser.add_argument("--val-fraction", type=float, default=0.1)
    parser.add_argument(
        "--patience",
        type=int,
        default=DEFAULT_PATIENCE,
        help="validation checks without a new best before a training stops",
    )
    parser.add_argument(
        "--val-every",
        type=int,
        default=DEFAULT_VAL_EVERY,
        help="validate about every N optimisation steps (>= 1 epoch)",
    )
    parser.add_argument(
        "--max-steps",
        type=int,
        default=0,
        help="cap on optimisation steps per training (0: 40 full-pool epochs, within 400..3000)",
    )
    parser.add_argument("--batch-size", type=int, default=2, help="images (volumes or 2D frames) per training step")
    parser.add_argument(
        "--infer-batch-size",
        type=int,
        default=TrainConfig.infer_batch_size,
        help="MC-dropout passes / ACFT views sharing one forward pass (1 is fastest on a CPU; raise it on a GPU)",
    )
    parser.add_argument("--features", type=_parse_features, default=(8, 8, 16, 32, 64, 8))
    parser.add_argument("--augment", choices=("dihedral", "none"), default="dihedral")
    parser.add_argument("--omega", type=int, default=5, help="ACFT / hybrid: top omega*b pool (1: plain top-b)")
    parser.add_argument(
        "--pool-fraction",
        type=float,
        default=0.25,
        help="ACFT / hybrid: cap that pool at max(b, ceil(fraction*N)) candidates (1: uncapped)",
    )
    parser.add_argument("--genesis", choices=("on", "off"), default="on")
    parser.add_argument("--genesis-steps", type=int, default=100)
    parser.add_argument(
        "--continual",
        choices=("none", "all", "hq"),
        default="none",
        help="none: every round starts from the same weights; all/hq: fine-tune the previous round's model",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0 = torch default)")
    parser.add_argument(
        "--cache-dir", type=Path, default=default_cache_dir(), help="decoded-dataset cache (see benchmarks._data)"
    )
    parser.add_argument("--no-cache", action="store_true", help="read the dataset files every time")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)

    strategies = [s for s in args.strategies.split(",") if s]
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        parser.error(f"unknown strategies {unknown}; known: {sorted(STRATEGIES)}")
    seeds = [int(s) for s in args.seeds.split(",") if s]
    if args.patience < 0 or args.val_every < 1 or args.max_steps < 0:
        parser.error("--patience >= 0, --val-every >= 1 and --max-steps >= 0 are required")
    if args.threads:
        torch.set_num_threads(args.threads)
    started = time.perf_counter()
    cache_dir = None if args.no_cache else args.cache_dir
    dataset = load_dataset(args.data, limit=args.limit or None, size=args.size or None, cache_dir=cache_dir)
    crop: tuple[int, ...] | None = None
    crop_lost = 0.0
    if args.crop != "none" and dataset.spatial_dims == 3:
        crop = auto_crop_shape(dataset) if args.crop == "auto" else _parse_crop(parser, args.crop)
        dataset, crop_lost = center_crop(dataset, crop)
        print(f"volumes centre-cropped to at most {crop}: {100 * crop_lost:.2f}% of the foreground voxels cut off")
        if crop_lost > 0.01:
            print("WARNING: the crop cuts off more than 1% of the foreground; pass --crop none or a larger shape")
    elif args.crop not in ("none", "auto"):
        parser.error("--crop applies to 3D volumes only (2D: --size)")
    pool, val, test = split_groups(dataset, args.split_seed, args.test_fraction, args.val_fraction)
    needed = args.initial + args.batch * args.rounds
    if needed > len(pool):
        parser.error(f"--initial + --batch * --rounds = {needed} exceeds the pool of {len(pool)} patients")
    max_steps = args.max_steps or auto_max_steps(len(pool), args.batch_size)
    base = TrainConfig(
        num_classes=dataset.num_classes,
        spatial_dims=dataset.spatial_dims,
        features=args.features,
        batch_size=args.batch_size,
        infer_batch_size=args.infer_batch_size,
        seed=args.split_seed,
        augment=args.augment,
        omega_pool_fraction=args.pool_fraction,
        continual="hq" if args.continual == "hq" else "all",
    )
    print(
        f"{args.data.name}: {len(dataset.samples)} cases ({dataset.layout}, {len(set(dataset.groups.values()))} groups)"
        f" -> pool {len(pool)}, validation {len(val)}, test {len(test)}; strategies {strategies}, seeds {seeds};"
        f" every training to a validation plateau (patience {args.patience} checks, every ~{args.val_every} steps,"
        f" at most {max_steps} steps)"
    )

    genesis_state: dict[str, torch.Tensor] | None = None
    if args.genesis == "on":
        # Unlabelled images only: pool and validation, never test.
        genesis_config = GenesisConfig(steps=args.genesis_steps, seed=args.split_seed)
        genesis_state = pretrain_genesis([s.image for s in [*pool, *val]], base, genesis=genesis_config)
        print(f"Genesis pre-training: {args.genesis_steps} steps, {time.perf_counter() - started:.0f} s")

    def plateau(config: TrainConfig, n: int) -> TrainConfig:
        return plateau_config(config, n, args.val_every, max_steps, args.patience)

    def start_state(config: TrainConfig) -> dict[str, torch.Tensor] | None:
        return genesis_init_state(genesis_state, config) if genesis_state is not None else None

    def describe(record: Mapping[str, Any]) -> str:
        state = "converged" if record["converged"] else "NOT converged"
        return (
            f"{state} after {record['steps_run']} steps (best at {record['best_step']}, val Dice"
            f" {record['val_dice'] if record['val_dice'] is None else round(record['val_dice'], 4)},"
            f" {record['seconds']:.0f} s)"
        )

    full_config = plateau(base, len(pool))
    full = train_segmenter(pool, val, full_config, start_state(base))
    full_dice = held_out_dice(full.state_dict, base, test)
    full_record = {"name": "full_pool", **training_record(full, len(pool), full_config), "test_dice": full_dice}
    trainings: list[dict[str, Any]] = [full_record]
    print(f"full pool ({len(pool)} patients): test Dice {full_dice:.4f}, {describe(full_record)}")

    curves: dict[str, dict[str, list[dict[str, Any]]]] = {s: {} for s in strategies}
    by_id = {s.id: s for s in pool}
    for seed in seeds:
        initial = [pool[i].id for i in np.random.default_rng(seed).permutation(len(pool))[: args.initial]]
        first: tuple[TrainResult, dict[str, Any]] | None = None  # round 0 is one training shared by every strategy
        for strategy in strategies:
            config = replace(base, seed=seed)
            labelled = list(initial)
            previous: dict[str, torch.Tensor] | None = None
            curve: list[dict[str, Any]] = []
            for round_index in range(args.rounds + 1):
                last = round_index == args.rounds
                candidates = [s for s in pool if s.id not in set(labelled)]
                fine_tune = args.continual != "none" and previous is not None
                if not fine_tune:
                    train, earlier, init = [by_id[i] for i in labelled], [], start_state(config)
                else:
                    new = set(labelled[-args.batch :])
                    train = [by_id[i] for i in labelled if i in new]
                    earlier, init = [by_id[i] for i in labelled if i not in new], previous
                trained = plateau(config, len(train) + len(earlier))
                shared = first[0] if round_index == 0 and first is not None else None
                out = run_round_ml(
                    train,
                    val,
                    [] if last else candidates,
                    trained,
                    strategy,
                    init,
                    earlier=earlier,
                    trained=shared,
                    fine_tune=fine_tune,
                )
                previous = out.train_result.state_dict
                dice = held_out_dice(previous, config, test)
                if round_index == 0 and first is not None:
                    record = first[1]
                else:
                    record = {
                        "name": f"seed {seed} round {round_index}" + (f" {strategy}" if round_index else ""),
                        "seed": seed,
                        "round": round_index,
                        "strategy": strategy if round_index else None,
                        **training_record(out.train_result, len(out.trained_on), trained),
                        "test_dice": dice,
                    }
                    trainings.append(record)
                    if round_index == 0:
                        first = (out.train_result, record)
                curve.append(
                    {
                        "n_labeled": len(labelled),
                        "dice": dice,
                        "converged": record["converged"],
                        "steps": record["steps_run"],
                    }
                )
                print(
                    f"  {strategy:>12} seed {seed} round {round_index}: {len(labelled):3d} labelled, Dice {dice:.4f},"
                    f" {describe(record)}"
                )
                if not last:
                    ids = [s.id for s in candidates]
                    labelled += select_round(
                        out,
                        ids,
                        np.ones(len(ids)),
                        float("inf"),
                        args.batch,
                        seed=1000 * seed + round_index,
                        omega=args.omega,
                        pool_fraction=args.pool_fraction,
                    )
            curves[strategy][str(seed)] = curve
            if args.out is not None:  # a long run that is stopped early still leaves its finished curves
                args.out.parent.mkdir(parents=True, exist_ok=True)
                partial = {"partial": True, "full_pool_dice": full_dice, "curves": curves, "trainings": trainings}
                args.out.write_text(json.dumps(partial, indent=2))

    converged = all(t["converged"] for t in trainings)
    summary = summarise(curves, full_dice, converged=converged)
    seconds = time.perf_counter() - started
    _print_summary(summary, strategies, trainings, full_dice)
    results = {
        "config": {
            "data": str(args.data),
            "layout": dataset.layout,
            "cases": len(dataset.samples),
            "pool": len(pool),
            "validation": len(val),
            "test": len(test),
            "strategies": strategies,
            "initial": args.initial,
            "batch": args.batch,
            "rounds": args.rounds,
            "seeds": seeds,
            "split_seed": args.split_seed,
            "patience": args.patience,
            "val_every": args.val_every,
            "max_steps": max_steps,
            "size": args.size,
            "crop": None if crop is None else list(crop),
            "crop_foreground_lost": crop_lost,
            "features": list(args.features),
            "augment": args.augment,
            "omega": args.omega,
            "pool_fraction": args.pool_fraction,
            "genesis": args.genesis,
            "genesis_steps": args.genesis_steps if args.genesis == "on" else 0,
            "continual": args.continual,
            "threads": torch.get_num_threads(),
            "train_config": base.to_dict(),
        },
        "full_pool_dice": full_dice,
        "full_pool": full_record,
        "converged": converged,
        "collapsed": collapsed_trainings(trainings),
        "trainings": trainings,
        "curves": curves,
        "summary": summary,
        "seconds": round(seconds, 1),
    }
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2))
    if args.plot is not None:
        _plot(args.plot, curves, full_dice, f"{args.data.name}, genesis {args.genesis}")
    print(
        json.dumps(
            {
                "benchmark": "label_efficiency",
                "full_pool_dice": full_dice,
                "converged": converged,
                "seconds": round(seconds, 1),
                "summary": summary,
            }
        )
    )
    return results


def collapsed_trainings(trainings: Sequence[Mapping[str, Any]]) -> list[str]:
    """Trainings whose best validation Dice is 0: the network never left the all-background start, so it stopped
    at a "plateau" of nothing. They count as converged (patience ran out) but are optimisation failures, not
    evidence about the patients chosen, and a strategy that suffers one loses that point to noise."""
    return [str(t["name"]) for t in trainings if t.get("val_dice") is not None and float(t["val_dice"]) <= 0.0]


def _print_summary(
    summary: Mapping[str, Any], strategies: Sequence[str], trainings: Sequence[Mapping[str, Any]], full_dice: float
) -> None:
    if not summary["converged"]:
        stuck = [t["name"] for t in trainings if not t["converged"]]
        listed = ", ".join(stuck[:5]) + (f" and {len(stuck) - 5} more" if len(stuck) > 5 else "")
        print(
            f"WARNING: NOT CONVERGED: {len(stuck)} of {len(trainings)} trainings stopped at the step cap before"
            f" their validation plateau ({listed}); raise --max-steps. Claims: {summary['claims']}."
        )
    collapsed = collapsed_trainings(trainings)
    if collapsed:
        print(
            f"WARNING: {len(collapsed)} of {len(trainings)} trainings never rose above validation Dice 0 (collapsed to"
            f" background): {', '.join(collapsed)}"
        )
    if summary["full_pool_below_curves"]:
        print(
            f"WARNING: the full-pool model (test Dice {full_dice:.4f}) is worse than the mean of models trained on"
            " part of the pool, so '95% of full pool' is measured against a weak reference"
        )
    if summary["target_reached_by_initial"]:
        print(
            f"NOTE: on {summary['target_reached_by_initial']} of {summary['seeds']} seeds the initial patients alone"
            " reach 95% of the full-pool Dice, so no reduction can be measured there (lower --initial, or use a"
            " dataset where the curve still rises)"
        )
    for strategy in strategies:
        s = summary[strategy]
        reached = "not on every seed" if s["patients_to_95pct"] is None else f"{s['patients_to_95pct']:.1f}"
        if s["patients_to_95pct_interval"] is not None:
            reached += f" ({s['patients_to_95pct_interval']['low']:.1f}..{s['patients_to_95pct_interval']['high']:.1f})"
        text = f"{strategy:>12}: AULC {s['aulc']:.4f}, final Dice {s['final_dice_mean']:.4f} ± {s['final_dice_sd']:.4f}"
        text += f", patients to 95% of full pool: {reached}"
        paired = s["paired_aulc_vs_random"]
        if paired is not None:
            text += (
                f", paired AULC vs random {paired['mean']:+.4f} (95% CI {paired['low']:+.4f}..{paired['high']:+.4f},"
                f" better on {paired['seeds_better']}/{paired['n']} seeds)"
            )
            if s["reduction_vs_random"] is not None:
                band = s["reduction_vs_random_interval"]
                text += f", reduction vs random {100 * s['reduction_vs_random']:+.0f}%"
                text += f" ({100 * band['low']:+.0f}%..{100 * band['high']:+.0f}%)"
            elif s["reduction_vs_random_at_least"] is not None:
                text += f", reduction vs random at least {100 * s['reduction_vs_random_at_least']:+.0f}%"
        print(text)
    print(f"claims: {summary['claims']}")


if __name__ == "__main__":
    main()
