"""Merge label-efficiency runs that share one experiment's work out between processes, and summarise them as one.

    python -m benchmarks.label_efficiency_merge A.json B.json [...] --out merged.json --plot merged.png

A run trains its seeds and strategies one after another on one thread, so a 7-strategy x 5-seed comparison on a
2-core machine takes half the wall time as two processes (say ``--seeds 0,1,2`` and ``--seeds 3,4``), and a run
that adds strategies to an earlier one need not retrain the strategies it already has. Every process trains the
same full-pool reference and, per seed, the same shared first model (same split, seeds and data; training is
deterministic on one thread), and each (strategy, seed) curve depends on nothing else, so the union of the curves
is what one process would have produced.

The merge checks that before it trusts it: every config field but ``seeds``, ``strategies`` and ``threads`` must
be equal; the full-pool test Dice must agree to 1e-6; every seed's shared first point must be the same in every
run that has the seed (the evidence that the runs reproduce each other); no (strategy, seed) curve may come from
two runs with different values; and every strategy must end up with the same seeds, so comparisons stay paired.
It then recomputes the summary with :func:`benchmarks.label_efficiency.summarise`, prints it as one run would,
and writes the same JSON/PNG, with ``"merged_from"`` naming the inputs and ``"seconds"`` summing their wall time.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.label_efficiency import _plot, _print_summary, collapsed_trainings, summarise

# Fields a process may legitimately differ in when it runs a share of the work.
PER_PROCESS = frozenset({"seeds", "strategies", "threads"})


def _comparable(config: dict[str, Any]) -> dict[str, Any]:
    """The config as an experiment's identity: the data set by its folder name (checkouts reach the same shared
    data by different paths; its size is compared through ``cases``, ``pool`` and the splits)."""
    return {**config, "data": Path(str(config.get("data", ""))).name}


FULL_POOL_TOLERANCE = 1e-6


class MergeError(ValueError):
    """The runs are not shares of one experiment, so their union would not be one run's result."""


def _check_compatible(runs: Sequence[dict[str, Any]], names: Sequence[str]) -> float:
    """The runs' common full-pool Dice, once their configs and references agree."""
    if len(runs) < 2:
        raise MergeError("merging needs at least two runs")
    for name, run in zip(names, runs, strict=True):
        if run.get("partial") or "config" not in run:
            raise MergeError(f"{name} is a partial run (stopped early); finish it first")
    first = _comparable(runs[0]["config"])
    for name, run in zip(names[1:], runs[1:], strict=True):
        other = _comparable(run["config"])
        differing = sorted(k for k in set(first) | set(other) if k not in PER_PROCESS and first.get(k) != other.get(k))
        if differing:
            raise MergeError(f"{name} differs from {names[0]} in {differing}: not one experiment")
    full = [float(run["full_pool_dice"]) for run in runs]
    if max(full) - min(full) > FULL_POOL_TOLERANCE:
        raise MergeError(
            f"the full-pool references differ ({', '.join(f'{d:.6f}' for d in full)}): training was not"
            " deterministic, so the 95% target would depend on which process is trusted"
        )
    return full[0]


def _union_curves(runs: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    curves: dict[str, dict[str, list[dict[str, Any]]]] = {}
    first_points: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, run in zip(names, runs, strict=True):
        for strategy, per_seed in run["curves"].items():
            for seed, curve in per_seed.items():
                seen = first_points.setdefault(seed, (name, curve[0]))
                if seen[1] != curve[0]:
                    raise MergeError(
                        f"seed {seed}'s shared first point differs between {seen[0]} and {name}: the runs do not"
                        " reproduce each other"
                    )
                held = curves.setdefault(strategy, {}).get(seed)
                if held is not None and held != curve:
                    raise MergeError(f"{strategy} seed {seed} appears with different curves (again in {name})")
                curves[strategy][seed] = curve
    seed_sets = {strategy: sorted(per_seed, key=int) for strategy, per_seed in curves.items()}
    if len({tuple(seeds) for seeds in seed_sets.values()}) > 1:
        raise MergeError(f"strategies cover different seeds ({seed_sets}); comparisons would not be paired")
    return curves


def merge(runs: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    full = _check_compatible(runs, names)
    curves = _union_curves(runs, names)
    order = [s for run in runs for s in run["config"]["strategies"]]
    strategies = sorted(curves, key=lambda s: ("random" != s, order.index(s)))
    curves = {s: dict(sorted(curves[s].items(), key=lambda item: int(item[0]))) for s in strategies}
    trainings: list[dict[str, Any]] = []
    for run in runs:
        known = {t["name"] for t in trainings}
        trainings += [t for t in run["trainings"] if t["name"] not in known]
    converged = all(bool(run["converged"]) for run in runs)
    summary = summarise(curves, full, converged=converged)
    _print_summary(summary, strategies, trainings, full)
    seeds = sorted(int(seed) for seed in curves[strategies[0]])
    return {
        "config": {
            **runs[0]["config"],
            "strategies": strategies,
            "seeds": seeds,
            "threads": [run["config"]["threads"] for run in runs],
        },
        "merged_from": list(names),
        "full_pool_dice": full,
        "full_pool": runs[0]["full_pool"],
        "converged": converged,
        "collapsed": collapsed_trainings(trainings),
        "trainings": trainings,
        "curves": curves,
        "summary": summary,
        "seconds": round(sum(float(run["seconds"]) for run in runs), 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)
    runs = [json.loads(path.read_text()) for path in args.runs]
    try:
        merged = merge(runs, [path.name for path in args.runs])
    except MergeError as error:
        parser.error(str(error))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(merged, indent=2))
    if args.plot is not None:
        data = Path(merged["config"]["data"]).name
        _plot(args.plot, merged["curves"], merged["full_pool_dice"], f"{data}, genesis {merged['config']['genesis']}")
    print(json.dumps({"benchmark": "label_efficiency", "merged_from": merged["merged_from"], **merged["summary"]}))
    return merged


if __name__ == "__main__":
    main()
