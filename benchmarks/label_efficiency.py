"""Label efficiency: replay a labelled dataset with a simulated annotator and compare selection strategies.

    python -m benchmarks.label_efficiency --data ../shared/data/msd-hippocampus --strategies random,acft \\
        --initial 4 --batch 4 --rounds 3 --seeds 0,1,2 --steps 80 --out results.json --plot curve.png

Patients (or, with ``groups.csv``, whole groups such as the frames of one video) are split once by
``--split-seed`` into pool / validation / test. For every strategy and seed: ``--initial`` random pool patients
are "annotated" (the same ones for every strategy under a seed), then each round trains with
:func:`worker.ml.round.run_round_ml`, measures test Dice, and picks ``--batch`` more with
:func:`worker.ml.round.select_round` — the same code the product's rounds run. Each round trains from the
same starting point (the Genesis weights with ``--genesis on``, the default, or scratch) on every labelled
patient for the same number of optimisation steps (``--steps``), so the curve measures what was selected, not
how long the model was trained. The first round of a seed (its random initial patients) is trained once and
shared by every strategy; validation runs ``--val-checks`` times per training and the best check is kept.

``results.json`` holds the config, the full-pool test Dice, each strategy's curve per seed as
``[{"n_labeled", "dice"}]`` and a summary: area under the mean learning curve (normalised by its n range),
patients needed to reach 95% of full-pool Dice, and the reduction against random. The PNG (drawn with Pillow)
shows mean ± sd per strategy. The last printed line is the summary as JSON.
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

from benchmarks._data import Dataset, default_data_dir, load_dataset
from worker.ml.config import TrainConfig
from worker.ml.data import Sample, prepare_image, prepare_label
from worker.ml.genesis import GenesisConfig, genesis_init_state, pretrain_genesis
from worker.ml.inference import load_model
from worker.ml.round import run_round_ml, select_round
from worker.ml.scoring import STRATEGIES
from worker.ml.training import TrainResult, evaluate_dice

__all__ = ["main", "split_groups", "summarise"]


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


def _test_dice(state: Mapping[str, torch.Tensor], config: TrainConfig, test: Sequence[Sample]) -> float:
    model = load_model(state, config)
    pairs = [(prepare_image(s.image, config), prepare_label(s.label, config)) for s in test if s.label is not None]
    dice, _ = evaluate_dice(model, pairs, config)
    return float(dice) if dice is not None else 0.0


def _mean_curve(curves: Sequence[Sequence[Mapping[str, float]]]) -> tuple[list[int], np.ndarray, np.ndarray]:
    ns = [int(p["n_labeled"]) for p in curves[0]]
    values = np.array([[float(p["dice"]) for p in curve] for curve in curves])
    return ns, values.mean(axis=0), values.std(axis=0)


def _patients_to_reach(ns: Sequence[int], mean: np.ndarray, target: float) -> int | None:
    for n, value in zip(ns, mean, strict=True):
        if value >= target:
            return int(n)
    return None


def _area(ns: Sequence[int], values: np.ndarray) -> float:
    """Area under a learning curve divided by its n range: the curve's mean Dice."""
    span = ns[-1] - ns[0]
    return float(np.trapezoid(values, ns) / span) if span > 0 else float(values[0])


def summarise(curves: Mapping[str, Mapping[str, Sequence[Mapping[str, float]]]], full_dice: float) -> dict[str, Any]:
    """Per strategy: normalised area under the mean curve, patients to 95% of full-pool Dice, reduction vs random.

    ``reduction_vs_random`` is ``1 - n_strategy / n_random`` (positive = fewer patients than random); ``None``
    when either curve never reaches the target within the rounds run; ``reduction_vs_random_at_least`` is the
    bound left when only random never reaches it (it needs more than its largest n). ``paired_aulc_vs_random``
    compares each seed with random's run of the same seed (same split, initial patients and first model), which
    removes the seed-to-seed spread from the comparison: the mean and sd of the per-seed AULC differences, and on
    how many seeds the strategy's area was larger.
    """
    target = 0.95 * full_dice
    best_curve = max(float(_mean_curve(list(per.values()))[1].max()) for per in curves.values())
    # The reference is one training like any other: when it is worse than the mean of models trained on a
    # fraction of the pool it failed to converge, and "patients to 95%" measured against it means nothing.
    summary: dict[str, Any] = {"target_dice": target, "full_pool_below_curves": full_dice < best_curve}
    for strategy, per_seed in curves.items():
        ns, mean, sd = _mean_curve(list(per_seed.values()))
        area = _area(ns, mean)
        summary[strategy] = {
            "aulc": area,
            "final_dice_mean": float(mean[-1]),
            "final_dice_sd": float(sd[-1]),
            "patients_to_95pct": _patients_to_reach(ns, mean, target),
        }
    random_n = summary.get("random", {}).get("patients_to_95pct")
    random_area = summary.get("random", {}).get("aulc")
    random_max = max((int(p["n_labeled"]) for c in curves.get("random", {}).values() for p in c), default=None)
    for strategy in curves:
        own = summary[strategy]["patients_to_95pct"]
        summary[strategy]["reduction_vs_random"] = (
            1.0 - own / random_n if own is not None and random_n is not None and "random" in curves else None
        )
        # Random never reached the target within the rounds run: it needs more than its largest n, so the
        # reduction is at least 1 - own / that n (the exact value would need more rounds).
        summary[strategy]["reduction_vs_random_at_least"] = (
            1.0 - own / random_max
            if own is not None and random_n is None and random_max is not None and strategy != "random"
            else None
        )
        summary[strategy]["aulc_minus_random"] = (
            summary[strategy]["aulc"] - random_area if random_area is not None else None
        )
        summary[strategy]["paired_aulc_vs_random"] = _paired_vs_random(curves, strategy)
    return summary


def _paired_vs_random(
    curves: Mapping[str, Mapping[str, Sequence[Mapping[str, float]]]], strategy: str
) -> dict[str, Any] | None:
    if strategy == "random" or "random" not in curves:
        return None
    seeds = [seed for seed in curves[strategy] if seed in curves["random"]]
    if not seeds:
        return None
    diffs = []
    for seed in seeds:
        own, base = curves[strategy][seed], curves["random"][seed]
        ns = [int(p["n_labeled"]) for p in own]
        diffs.append(
            _area(ns, np.array([float(p["dice"]) for p in own])) - _area(ns, np.array([float(p["dice"]) for p in base]))
        )
    values = np.array(diffs)
    return {
        "mean": float(values.mean()),
        "sd": float(values.std(ddof=1)) if len(values) > 1 else None,
        "seeds_better": int((values > 0).sum()),
        "seeds": len(values),
    }


def _plot(
    path: Path, curves: Mapping[str, Mapping[str, Sequence[Mapping[str, float]]]], full_dice: float, title: str
) -> None:
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
    draw.text((x1 + 5, y_full - 6), "full pool", fill=(120, 120, 120))
    palette = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75)]
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


def _parse_features(text: str) -> tuple[int, int, int, int, int, int]:
    values = tuple(int(v) for v in text.split(","))
    if len(values) != 6:
        raise argparse.ArgumentTypeError("--features needs 6 comma-separated integers")
    return values  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data_dir("msd-hippocampus"))
    parser.add_argument("--limit", type=int, default=40, help="use the first N cases (0 = all)")
    parser.add_argument("--size", type=int, default=0, help="2D only: resize images to SIZE x SIZE (0 = as stored)")
    parser.add_argument("--strategies", default="random,acft")
    parser.add_argument("--initial", type=int, default=4)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--test-fraction", type=float, default=0.25)
    parser.add_argument("--val-fraction", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10, help="epochs per training when --steps is 0")
    parser.add_argument(
        "--steps",
        type=int,
        default=80,
        help="optimisation steps per training (0: --epochs epochs, so small rounds get fewer steps)",
    )
    parser.add_argument(
        "--val-checks",
        type=int,
        default=10,
        help="with --steps: validate about this often per training (at least every epoch: 0)",
    )
    parser.add_argument("--batch-size", type=int, default=2, help="images (volumes or 2D frames) per training step")
    parser.add_argument("--features", type=_parse_features, default=(8, 8, 16, 32, 64, 8))
    parser.add_argument("--omega", type=int, default=5)
    parser.add_argument("--genesis", choices=("on", "off"), default="on")
    parser.add_argument("--genesis-steps", type=int, default=100)
    parser.add_argument(
        "--continual",
        choices=("none", "all", "hq"),
        default="none",
        help="none: every round starts from the same weights; all/hq: from the previous round",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0 = torch default)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)

    strategies = [s for s in args.strategies.split(",") if s]
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        parser.error(f"unknown strategies {unknown}; known: {sorted(STRATEGIES)}")
    seeds = [int(s) for s in args.seeds.split(",") if s]
    if args.threads:
        torch.set_num_threads(args.threads)
    started = time.perf_counter()
    dataset = load_dataset(args.data, limit=args.limit or None, size=args.size or None)
    pool, val, test = split_groups(dataset, args.split_seed, args.test_fraction, args.val_fraction)
    needed = args.initial + args.batch * args.rounds
    if needed > len(pool):
        parser.error(f"--initial + --batch * --rounds = {needed} exceeds the pool of {len(pool)} patients")
    base = TrainConfig(
        num_classes=dataset.num_classes,
        spatial_dims=dataset.spatial_dims,
        features=args.features,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.split_seed,
        continual="hq" if args.continual == "hq" else "all",
    )
    print(
        f"{args.data.name}: {len(dataset.samples)} cases ({dataset.layout}, {len(set(dataset.groups.values()))} groups)"
        f" -> pool {len(pool)}, validation {len(val)}, test {len(test)}; strategies {strategies}, seeds {seeds}"
    )

    genesis_state: dict[str, torch.Tensor] | None = None
    if args.genesis == "on":
        # Unlabelled images only: pool and validation, never test.
        genesis_config = GenesisConfig(steps=args.genesis_steps, seed=args.split_seed)
        genesis_state = pretrain_genesis([s.image for s in [*pool, *val]], base, genesis=genesis_config)
        print(f"Genesis pre-training: {args.genesis_steps} steps, {time.perf_counter() - started:.0f} s")

    def sized(config: TrainConfig, n: int) -> TrainConfig:
        """With --steps, the epochs that give every training the same number of optimisation steps.

        Validation every epoch would dominate small rounds (80 steps on 4 volumes are 40 epochs), so it runs
        every ``epochs // --val-checks`` epochs instead.
        """
        if not args.steps or n == 0:
            return config
        epochs = max(1, math.ceil(args.steps / math.ceil(n / config.batch_size)))
        interval = max(1, epochs // args.val_checks) if args.val_checks > 0 else 1
        return replace(config, epochs=epochs, val_interval=interval)

    def start_state(config: TrainConfig) -> dict[str, torch.Tensor] | None:
        return genesis_init_state(genesis_state, config) if genesis_state is not None else None

    full = run_round_ml(pool, val, [], sized(base, len(pool)), "random", start_state(base))
    full_dice = _test_dice(full.train_result.state_dict, base, test)
    print(f"full pool ({len(pool)} patients): test Dice {full_dice:.4f}")

    curves: dict[str, dict[str, list[dict[str, float]]]] = {s: {} for s in strategies}
    by_id = {s.id: s for s in pool}
    for seed in seeds:
        initial = [pool[i].id for i in np.random.default_rng(seed).permutation(len(pool))[: args.initial]]
        first: TrainResult | None = None  # round 0 is the same training for every strategy of this seed
        for strategy in strategies:
            config = replace(base, seed=seed)
            labelled = list(initial)
            previous: dict[str, torch.Tensor] | None = None
            curve: list[dict[str, float]] = []
            for round_index in range(args.rounds + 1):
                last = round_index == args.rounds
                candidates = [s for s in pool if s.id not in set(labelled)]
                if args.continual == "none" or previous is None:
                    train, earlier, init = [by_id[i] for i in labelled], [], start_state(config)
                else:
                    new = set(labelled[-args.batch :])
                    train = [by_id[i] for i in labelled if i in new]
                    earlier, init = [by_id[i] for i in labelled if i not in new], previous
                trained = sized(config, len(train) + len(earlier))
                shared = first if round_index == 0 else None
                out = run_round_ml(
                    train, val, [] if last else candidates, trained, strategy, init, earlier=earlier, trained=shared
                )
                if round_index == 0:
                    first = out.train_result
                previous = out.train_result.state_dict
                dice = _test_dice(previous, config, test)
                curve.append({"n_labeled": len(labelled), "dice": dice})
                print(f"  {strategy:>12} seed {seed} round {round_index}: {len(labelled):3d} labelled, Dice {dice:.4f}")
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
                    )
            curves[strategy][str(seed)] = curve
            if args.out is not None:  # a long run that is stopped early still leaves its finished curves
                args.out.parent.mkdir(parents=True, exist_ok=True)
                partial = {"partial": True, "full_pool_dice": full_dice, "curves": curves}
                args.out.write_text(json.dumps(partial, indent=2))

    summary = summarise(curves, full_dice)
    seconds = time.perf_counter() - started
    if summary["full_pool_below_curves"]:
        print(
            f"WARNING: the full-pool model (test Dice {full_dice:.4f}) is worse than models trained on part of the"
            " pool: it did not converge in --steps, so 'patients to 95% of full pool' is not meaningful here"
        )
    for strategy in strategies:
        s = summary[strategy]
        reduction = "n/a" if s["reduction_vs_random"] is None else f"{100 * s['reduction_vs_random']:+.0f}%"
        if s["reduction_vs_random_at_least"] is not None:
            reduction = f"at least {100 * s['reduction_vs_random_at_least']:+.0f}% (random never reached it)"
        reached = s["patients_to_95pct"] if s["patients_to_95pct"] is not None else "not reached"
        paired = s["paired_aulc_vs_random"]
        paired_text = (
            ""
            if paired is None
            else f", paired AULC vs random {paired['mean']:+.4f}"
            + (f" ± {paired['sd']:.4f}" if paired["sd"] is not None else "")
            + f" (better on {paired['seeds_better']}/{paired['seeds']} seeds)"
        )
        print(
            f"{strategy:>12}: AULC {s['aulc']:.4f}, final Dice {s['final_dice_mean']:.4f} ± {s['final_dice_sd']:.4f},"
            f" patients to 95% of full pool: {reached}, vs random: {reduction}{paired_text}"
        )
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
            "epochs": args.epochs,
            "steps": args.steps,
            "val_checks": args.val_checks,
            "size": args.size,
            "features": list(args.features),
            "omega": args.omega,
            "genesis": args.genesis,
            "genesis_steps": args.genesis_steps if args.genesis == "on" else 0,
            "continual": args.continual,
            "train_config": base.to_dict(),
        },
        "full_pool_dice": full_dice,
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
                "seconds": round(seconds, 1),
                "summary": summary,
            }
        )
    )
    return results


if __name__ == "__main__":
    main()
