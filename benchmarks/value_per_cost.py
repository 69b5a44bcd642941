"""Value per cost against plain ranking at equal budget, with costs that vary (cost ∝ slices), on MSD hippocampus.

    python -m benchmarks.value_per_cost --seeds 0,1,2,3,4 --out vpc.json

Why: a lead paying by volume size (or predicted reading time) buys fewer large cases than small ones; ranking by
score alone spends the budget on whatever ranks first, value per cost on score per unit of money. Per seed, the
same random initial patients are trained once to a validation plateau (shared by both objectives), the pool is
scored with ``--strategy``, and each objective picks within the same budget (``--batch`` × the pool's mean cost)
through :func:`worker.ml.round.select_round`, the product's selection. Each selection is then trained on, from the
same start and by the same plateau rule, and its test Dice measured. The comparison is paired by seed: the mean
difference in test Dice (value per cost − score) with a 95% bootstrap interval, how many patients each bought and
what it spent. A patient's cost is the slice count of its stored volume (before the benchmark's centre crop),
as the product's volume pricing charges. The last printed line is the summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from benchmarks._data import auto_crop_shape, center_crop, default_data_dir, load_dataset
from benchmarks.label_efficiency import auto_max_steps, held_out_dice, plateau_config, split_groups, training_record
from benchmarks.stats import bootstrap_mean
from worker.ml.config import TrainConfig
from worker.ml.genesis import GenesisConfig, genesis_init_state, pretrain_genesis
from worker.ml.round import run_round_ml, select_round

__all__ = ["main"]

OBJECTIVES = ("score", "value_per_cost")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data_dir("msd-hippocampus"))
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--strategy", default="entropy")
    parser.add_argument("--initial", type=int, default=4)
    parser.add_argument("--batch", type=int, default=4, help="budget = batch x the pool's mean cost")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--patience", type=int, default=5)
    parser.add_argument("--val-every", type=int, default=10)
    parser.add_argument("--max-steps", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=2)
    parser.add_argument("--genesis-steps", type=int, default=100, help="0: start from scratch")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    seeds = [int(s) for s in args.seeds.split(",") if s]

    dataset = load_dataset(args.data, limit=args.limit or None)
    slices = {s.id: int(s.image.shape[-1]) for s in dataset.samples}  # before the crop: what pricing sees
    if dataset.spatial_dims == 3:
        dataset, _ = center_crop(dataset, auto_crop_shape(dataset))
    pool, val, test = split_groups(dataset, args.split_seed, 0.25, 0.1)
    base = TrainConfig(num_classes=dataset.num_classes, spatial_dims=dataset.spatial_dims, batch_size=args.batch_size)
    max_steps = args.max_steps or auto_max_steps(len(pool), args.batch_size)
    genesis_state = (
        pretrain_genesis([s.image for s in [*pool, *val]], base, genesis=GenesisConfig(steps=args.genesis_steps))
        if args.genesis_steps > 0
        else None
    )

    def start(config: TrainConfig) -> dict[str, torch.Tensor] | None:
        return genesis_init_state(genesis_state, config) if genesis_state is not None else None

    costs_all = np.array([slices[s.id] for s in pool], dtype=np.float64)
    print(
        f"{args.data.name}: pool {len(pool)} (cost = slices: {costs_all.min():.0f}..{costs_all.max():.0f},"
        f" mean {costs_all.mean():.1f}), validation {len(val)}, test {len(test)}; strategy {args.strategy}"
    )
    runs: dict[str, dict[str, Any]] = {}
    for seed in seeds:
        config = replace(base, seed=seed)
        by_id = {s.id: s for s in pool}
        initial = [pool[i].id for i in np.random.default_rng(seed).permutation(len(pool))[: args.initial]]
        candidates = [s for s in pool if s.id not in set(initial)]
        ids = [s.id for s in candidates]
        costs = np.array([slices[i] for i in ids], dtype=np.float64)
        budget = float(args.batch * costs.mean())
        trained = plateau_config(config, len(initial), args.val_every, max_steps, args.patience)
        first = run_round_ml([by_id[i] for i in initial], val, candidates, trained, args.strategy, start(config))
        per_seed: dict[str, Any] = {
            "budget": budget,
            "initial_dice": held_out_dice(first.train_result.state_dict, config, test),
            "initial_training": training_record(first.train_result, len(initial), trained),
        }
        for objective in OBJECTIVES:
            picked = select_round(first, ids, costs, budget, args.batch * 10, seed=seed, objective=objective)
            labelled = [*initial, *picked]
            retrain = plateau_config(config, len(labelled), args.val_every, max_steps, args.patience)
            out = run_round_ml([by_id[i] for i in labelled], val, [], retrain, args.strategy, start(config))
            dice = held_out_dice(out.train_result.state_dict, config, test)
            spent = float(sum(slices[i] for i in picked))
            per_seed[objective] = {
                "picked": len(picked),
                "spent": spent,
                "test_dice": dice,
                "training": training_record(out.train_result, len(labelled), retrain),
            }
            bought = f"{len(picked)} patients, spent {spent:.0f}/{budget:.0f}"
            print(f"  seed {seed} {objective:>15}: {bought}, Dice {dice:.4f}")
        runs[str(seed)] = per_seed

    diffs = [r["value_per_cost"]["test_dice"] - r["score"]["test_dice"] for r in runs.values()]
    extra = [r["value_per_cost"]["picked"] - r["score"]["picked"] for r in runs.values()]
    converged = all(
        r["initial_training"]["converged"] and all(r[o]["training"]["converged"] for o in OBJECTIVES)
        for r in runs.values()
    )
    interval = bootstrap_mean(diffs)
    summary = {
        "benchmark": "value_per_cost",
        "strategy": args.strategy,
        "seeds": seeds,
        "converged": converged,
        "dice_value_per_cost_minus_score": interval.to_dict() if interval else None,
        "extra_patients_bought_mean": float(np.mean(extra)) if extra else None,
        "claims": (
            "none: training did not converge"
            if not converged
            else "none: fewer than 5 seeds"
            if len(seeds) < 5
            else "significant"
            if interval and interval.significant
            else "none: the interval includes zero"
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }
    results = {"config": vars(args) | {"data": str(args.data), "out": str(args.out)}, "runs": runs, "summary": summary}
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(summary))
    return results


if __name__ == "__main__":
    main()
