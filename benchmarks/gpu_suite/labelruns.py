"""Parts (a)-(c): label-efficiency jobs (``benchmarks.label_efficiency`` in child processes) and their merge.

A part is split into jobs (on the ``gpu`` preset one per strategy and chunk of seeds) that each run their seeds
in order; the merge joins their curves into one results dict shaped like a single ``label_efficiency`` run
(config, full-pool Dice, trainings, curves, summary) and summarises it with ``label_efficiency.summarise``, so the
paired intervals and claims are computed by the same code as on a CPU. Every job trains its own full-pool
reference and its own first round of each seed (the flags offer no way to share them); the merged
``full_pool_dice`` is their mean, each job's value is kept, and a seed's first-round Dice can differ between
strategies by GPU non-determinism (on a CPU they are identical).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.gpu_suite.jobs import Job, JobOutcome
from benchmarks.gpu_suite.presets import LabelRun
from benchmarks.stats import bootstrap_mean

__all__ = ["best_strategies", "genesis_comparison", "label_argv", "label_jobs", "merge", "write_plot"]

PLATEAU_FLAGS = ("--patience", "--val-every", "--max-steps")


def label_argv(
    run: LabelRun,
    data: Path,
    strategies: Sequence[str],
    seeds: Sequence[int],
    out: Path,
    flags: set[str],
    *,
    genesis: str | None = None,
    threads: int = 1,
) -> list[str]:
    """``benchmarks.label_efficiency`` arguments for ``run``, using only flags in ``flags`` where they vary by
    version: the plateau flags when present, else ``--steps max_steps`` (fixed-length training). ``genesis``
    (``"on"``/``"off"``) overrides ``run.genesis``."""
    argv = [
        "--data", str(data),
        "--limit", str(run.limit),
        "--strategies", ",".join(strategies),
        "--initial", str(run.initial),
        "--batch", str(run.batch),
        "--rounds", str(run.rounds),
        "--seeds", ",".join(str(s) for s in seeds),
        "--batch-size", str(run.batch_size),
        "--features", ",".join(str(f) for f in run.features),
        "--genesis", genesis or ("on" if run.genesis else "off"),
        "--genesis-steps", str(run.genesis_steps),
        "--threads", str(threads),
        "--out", str(out),
    ]  # fmt: skip
    if run.size:
        argv += ["--size", str(run.size)]
    plateau = {"--patience": run.patience, "--val-every": run.val_every, "--max-steps": run.max_steps}
    if all(flag in flags for flag in PLATEAU_FLAGS):
        for flag, value in plateau.items():
            argv += [flag, str(value)]
    elif "--steps" in flags:
        argv += ["--steps", str(run.max_steps)]
    return argv


def label_jobs(
    part: str,
    run: LabelRun,
    data: Path,
    strategies: Sequence[str],
    seeds: Sequence[int],
    folder: Path,
    flags: set[str],
    *,
    split_by_strategy: bool,
    seed_chunks: int = 1,
    genesis: str | None = None,
    threads: int = 1,
) -> list[Job]:
    """The jobs of one part: per strategy (or for all strategies at once) and per chunk of the seeds, the
    chunks being runs of consecutive seeds in order."""
    groups = [[s] for s in strategies] if split_by_strategy else [list(strategies)]
    chunks = [list(c) for c in np.array_split(np.asarray(seeds), max(1, min(seed_chunks, len(seeds))))]
    jobs = []
    for group in groups:
        for chunk in chunks:
            label = "+".join(group) if split_by_strategy else "all"
            name = f"{part}-{label}-seeds{chunk[0]}-{chunk[-1]}"
            out = folder / "jobs" / f"{name}.json"
            argv = label_argv(run, data, group, [int(c) for c in chunk], out, flags, genesis=genesis, threads=threads)
            jobs.append(Job(name, "label_efficiency", {"argv": argv}, out, folder / "logs" / f"{name}.log"))
    return jobs


def _summarise(curves: Mapping[str, Mapping[str, Any]], full_dice: float, converged: bool) -> dict[str, Any]:
    from benchmarks import label_efficiency

    if "converged" in inspect.signature(label_efficiency.summarise).parameters:
        return label_efficiency.summarise(curves, full_dice, converged=converged)
    return label_efficiency.summarise(curves, full_dice)


def merge(outcomes: Sequence[JobOutcome], strategies: Sequence[str], seeds: Sequence[int]) -> dict[str, Any]:
    """One results dict for a part from its jobs' JSON (finished or partial), with what is missing listed.

    ``complete`` is true when every job finished and every strategy has every seed's curve; ``converged`` is
    ``label_efficiency``'s: every training of every job reached its validation plateau.
    """
    results = [o.result for o in outcomes if o.result is not None]
    curves: dict[str, dict[str, list[dict[str, Any]]]] = {s: {} for s in strategies}
    for result in results:
        for strategy, per_seed in (result.get("curves") or {}).items():
            if strategy in curves:
                curves[strategy].update(per_seed)
    found = {s: {k: v for k, v in per.items() if v} for s, per in curves.items() if per}
    full = {o.job.name: o.result.get("full_pool_dice") for o in outcomes if o.result is not None}
    full_values = [float(v) for v in full.values() if isinstance(v, int | float)]
    trainings = [t for r in results for t in r.get("trainings") or []]
    converged = bool(trainings) and all(bool(t.get("converged")) for t in trainings)
    missing = [f"{s} seed {seed}" for s in strategies for seed in seeds if str(seed) not in found.get(s, {})]
    config = next((dict(r["config"]) for r in results if isinstance(r.get("config"), dict)), None)
    if config is not None:
        config.update(strategies=list(strategies), seeds=list(seeds))
    merged: dict[str, Any] = {
        "config": config,
        "strategies": list(strategies),
        "seeds": list(seeds),
        "jobs": [o.to_dict() for o in outcomes],
        "complete": not missing and all(o.status == "finished" for o in outcomes),
        "missing": missing,
        "full_pool_dice": float(np.mean(full_values)) if full_values else None,
        "full_pool_dice_per_job": full,
        "converged": converged,
        "trainings": trainings,
        "curves": found,
        "summary": None,
    }
    if found and full_values:
        merged["summary"] = _summarise(found, merged["full_pool_dice"], converged)
    return merged


def best_strategies(merged: Mapping[str, Any], count: int = 2) -> list[str]:
    """The ``count`` non-random strategies with the largest area under their mean learning curve."""
    summary = merged.get("summary") or {}
    ranked = sorted(
        (s for s in merged.get("curves", {}) if s != "random" and isinstance(summary.get(s), dict)),
        key=lambda s: float(summary[s].get("aulc", float("-inf"))),
        reverse=True,
    )
    return ranked[:count]


def _area(curve: Sequence[Mapping[str, Any]]) -> float:
    """Area under a learning curve divided by its n range (its mean Dice), as ``label_efficiency`` reports it."""
    ns = np.array([float(p["n_labeled"]) for p in curve])
    dice = np.array([float(p["dice"]) for p in curve])
    span = ns[-1] - ns[0]
    return float(np.trapezoid(dice, ns) / span) if span > 0 else float(dice[0])


def genesis_comparison(on: Mapping[str, Any], off: Mapping[str, Any], strategy: str = "random") -> dict[str, Any]:
    """Genesis on minus off, paired by seed (same split, initial patients and random picks, so the same
    labelled sets): normalised AULC and test Dice at each number of labelled patients, each the mean with a
    95% bootstrap interval (:func:`benchmarks.stats.bootstrap_mean`)."""
    on_curves = (on.get("curves") or {}).get(strategy, {})
    off_curves = (off.get("curves") or {}).get(strategy, {})
    seeds = sorted(set(on_curves) & set(off_curves), key=int)
    out: dict[str, Any] = {"strategy": strategy, "paired_seeds": [int(s) for s in seeds]}
    if not seeds:
        out.update(aulc_on_minus_off=None, dice_on_minus_off=[], aulc_on=None, aulc_off=None)
        return out
    diffs = [_area(on_curves[s]) - _area(off_curves[s]) for s in seeds]
    interval = bootstrap_mean(diffs)
    out["aulc_on"] = float(np.mean([_area(on_curves[s]) for s in seeds]))
    out["aulc_off"] = float(np.mean([_area(off_curves[s]) for s in seeds]))
    out["aulc_on_minus_off"] = None if interval is None else interval.to_dict()
    points = []
    for i, point in enumerate(on_curves[seeds[0]]):
        per_seed = [float(on_curves[s][i]["dice"]) - float(off_curves[s][i]["dice"]) for s in seeds]
        at = bootstrap_mean(per_seed)
        points.append({"n_labeled": int(point["n_labeled"]), **(at.to_dict() if at is not None else {})})
    out["dice_on_minus_off"] = points
    out["max_labelled"] = max(int(p["n_labeled"]) for p in on_curves[seeds[0]])
    return out


def write_plot(path: Path, merged: Mapping[str, Any], title: str) -> str | None:
    """The learning-curve PNG of ``label_efficiency`` for a merged part; returns why not when it cannot."""
    from benchmarks import label_efficiency

    plot = getattr(label_efficiency, "plot_curves", None) or getattr(label_efficiency, "_plot", None)
    if plot is None:
        return "benchmarks.label_efficiency has no plot function"
    if not merged.get("curves") or merged.get("full_pool_dice") is None:
        return "no finished curve to plot"
    plot(path, merged["curves"], merged["full_pool_dice"], title)
    return None
