"""The suite's command line: presets, budget, the four parts in three phases, outputs and the summary line."""

from __future__ import annotations

import argparse
import json
import os
import platform
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from benchmarks.gpu_suite.budget import Budget
from benchmarks.gpu_suite.jobs import Job, JobOutcome, label_efficiency_flags, run_jobs
from benchmarks.gpu_suite.labelruns import best_strategies, genesis_comparison, label_jobs, merge, write_plot
from benchmarks.gpu_suite.presets import PRESETS, Preset

__all__ = ["main"]

STRATEGIES = ("random", "entropy", "mc_dropout", "acft", "unetpp_heads", "coreset", "hybrid")
FALLBACK_BEST = ("acft", "hybrid")  # part (b) when part (a) left no summary to rank by
REPO = Path(__file__).resolve().parents[2]
NOT_EVIDENCE = (
    "WARNING: no CUDA GPU, so this ran the TINY preset (few cases, 2 seeds, tiny networks, a few steps): it only"
    " proves the suite runs. Its numbers are NOT evidence of anything; run it on a GPU (or pass --preset gpu)."
)


def _data_root(given: Path | None) -> Path:
    if given is not None:
        return given
    for candidate in (REPO.parent / "shared" / "data", REPO / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data"


def _device_name() -> str:
    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def _environment(cuda: bool) -> dict[str, Any]:
    import monai

    from worker.ml.config import TrainConfig
    from worker.ml.nets import uses_bf16

    device = torch.device("cuda" if cuda else "cpu")
    config = TrainConfig()
    training, inference = uses_bf16(config, device, training=True), uses_bf16(config, device)
    precision = {
        (True, True): "bf16 autocast (training and inference)",
        (False, True): "fp32 training, bf16 autocast inference",
        (False, False): "fp32",
        (True, False): "bf16 training, fp32 inference",
    }[(training, inference)]
    return {
        "device": "cuda" if cuda else "cpu",
        "device_name": _device_name(),
        "gpu_memory_gib": round(torch.cuda.get_device_properties(0).total_memory / 2**30, 1) if cuda else None,
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda if cuda else None,
        "cudnn": torch.backends.cudnn.version() if cuda else None,  # type: ignore[no-untyped-call]  # unannotated
        "monai": monai.__version__,
        "python": platform.python_version(),
        "precision": precision,
    }


def _warm_caches(requests: Sequence[tuple[Path, int, int]]) -> None:
    """Decode each ``(data, limit, size)`` once so that the jobs read ``label_efficiency``'s dataset cache (only
    where ``load_dataset`` has one); a failure here only costs the jobs the time to decode it themselves."""
    import inspect

    from benchmarks import _data

    if "cache_dir" not in inspect.signature(_data.load_dataset).parameters or not hasattr(_data, "default_cache_dir"):
        return
    for data, limit, size in requests:
        try:
            _data.load_dataset(data, limit=limit or None, size=size or None, cache_dir=_data.default_cache_dir())
        except (OSError, ValueError) as error:
            print(f"WARNING: could not pre-load {data}: {error}")


def _part_wall(outcomes: Sequence[JobOutcome]) -> float | None:
    spans = [(o.started, o.ended) for o in outcomes if o.started is not None and o.ended is not None]
    if not spans:
        return None
    return round(max(e for _, e in spans) - min(s for s, _ in spans), 1)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))


def _label_part(
    name: str, merged: dict[str, Any], outcomes: Sequence[JobOutcome], out: Path, title: str
) -> dict[str, Any]:
    """Write a merged label-efficiency part (JSON + PNG) and return its entry for the suite JSON."""
    merged["wall_s"] = _part_wall(outcomes)
    problem = write_plot(out / f"{name}.png", merged, title)
    merged["plot"] = None if problem else str(out / f"{name}.png")
    merged["plot_problem"] = problem
    _write(out / f"{name}.json", merged)
    summary = merged.get("summary") or {}
    return {
        "json": str(out / f"{name}.json"),
        "plot": merged["plot"],
        "wall_s": merged["wall_s"],
        "complete": merged["complete"],
        "missing": merged["missing"],
        "converged": merged["converged"],
        "full_pool_dice": merged["full_pool_dice"],
        "claims": summary.get("claims"),
        "aulc": {s: summary[s]["aulc"] for s in merged["curves"] if isinstance(summary.get(s), dict)},
        "final_dice": {
            s: summary[s].get("final_dice_mean") for s in merged["curves"] if isinstance(summary.get(s), dict)
        },
        "jobs": [o.to_dict() for o in outcomes],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from benchmarks.gpu_suite import __doc__ as package_doc

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.gpu_suite",
        description=package_doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default=None, help="default: gpu with CUDA, else tiny")
    parser.add_argument("--budget-s", type=float, default=570.0, help="wall-time budget of the whole suite")
    parser.add_argument("--out", type=Path, default=None, help="default benchmarks/results/gpu (tiny: .../gpu/tiny)")
    parser.add_argument("--data-root", type=Path, default=None, help="folder holding the datasets")
    parser.add_argument("--workers", type=int, default=0, help="jobs at once (0: the preset's)")
    args = parser.parse_args(argv)

    wall_started = time.perf_counter()
    cuda = torch.cuda.is_available()
    preset: Preset = PRESETS[args.preset or ("gpu" if cuda else "tiny")]
    evidence = preset.evidence and cuda
    defaulted_tiny = args.preset is None and not cuda
    if defaulted_tiny:
        print(NOT_EVIDENCE)
    elif not evidence:
        print(f"WARNING: preset {preset.name} on {'a GPU' if cuda else 'a CPU'}: its numbers are not evidence.")
    out = args.out or REPO / "benchmarks" / "results" / "gpu" / ("" if preset.evidence else "tiny")
    out.mkdir(parents=True, exist_ok=True)
    data_root = _data_root(args.data_root)
    cvc, msd = data_root / "polyp-cvc-clinicdb", data_root / "msd-hippocampus"
    workers = args.workers or preset.workers
    environment = _environment(cuda)
    print(
        f"gpu_suite: preset {preset.name}, {environment['device_name']} ({environment['precision']}), budget"
        f" {args.budget_s:.0f} s, {workers} workers, results in {out}"
    )
    budget = Budget(args.budget_s, preset.shares)
    flags = label_efficiency_flags()
    plateau = all(f in flags for f in ("--patience", "--max-steps"))
    if not plateau:
        print("WARNING: this benchmarks.label_efficiency has no plateau training (--patience/--max-steps)")
    phases: dict[str, dict[str, Any]] = {}

    def run_phase(jobs: Sequence[Job], deadline: float, parallel: int, infer_batch_size: int) -> list[JobOutcome]:
        return run_jobs(
            jobs,
            parallel,
            deadline,
            threads=preset.threads,
            infer_batch_size=infer_batch_size,
            origin=budget.started,
            clock=budget.now,
        )

    def record(phase: str, started: float, deadline: float) -> None:
        phases[phase] = {"deadline_s": round(deadline - budget.started, 1), "wall_s": budget.finish(phase, started)}

    # Decode the datasets for the label-efficiency jobs while phase 1 measures: its one job leaves the other
    # cores idle, and the jobs then read the cache instead of each decoding the same files at once.
    warm = threading.Thread(
        target=_warm_caches,
        args=[[(cvc, preset.comparison.limit, preset.comparison.size), (msd, preset.genesis.limit, 0),
               (msd, preset.hippocampus.limit, 0)]],
        daemon=True,
    )  # fmt: skip
    warm.start()

    # Phase 1, part (d), alone on the device so that nothing else disturbs the timing.
    started = budget.now()
    deadline = budget.start("throughput")
    payload = {"preset": preset.name, "cvc": str(cvc), "msd": str(msd)}
    throughput_job = Job("throughput", "throughput", payload, out / "throughput.json", out / "logs" / "throughput.log")
    (throughput,) = run_phase([throughput_job], deadline, 1, 1)
    record("throughput", started, deadline)

    # Phase 2: parts (a) and (c) side by side.
    started = budget.now()
    deadline = budget.start("comparison")
    warm.join()
    comparison_jobs = label_jobs(
        "comparison", preset.comparison, cvc, STRATEGIES, preset.seeds, out, flags,
        split_by_strategy=preset.split_by_strategy, seed_chunks=preset.seed_chunks, threads=preset.threads,
    )  # fmt: skip
    genesis_jobs = [
        job
        for setting in ("on", "off")
        for job in label_jobs(
            f"genesis_{setting}",
            preset.genesis,
            msd,
            ["random"],
            preset.seeds,
            out,
            flags,
            split_by_strategy=False,
            genesis=setting,
            threads=preset.threads,
        )
    ]
    # The longer comparison jobs first: with fewer workers than jobs, the ones queued last start last.
    outcomes = run_phase([*comparison_jobs, *genesis_jobs], deadline, workers, preset.infer_batch_size)
    comparison_outcomes, genesis_outcomes = outcomes[: len(comparison_jobs)], outcomes[len(comparison_jobs) :]
    record("comparison", started, deadline)
    comparison = merge(comparison_outcomes, STRATEGIES, preset.seeds)
    comparison_entry = _label_part(
        "comparison_cvc", comparison, comparison_outcomes, out, f"CVC-ClinicDB {preset.comparison.size}px, gpu_suite"
    )
    half = len(genesis_outcomes) // 2  # the "on" jobs, then the "off" jobs
    on = merge(genesis_outcomes[:half], ["random"], preset.seeds)
    off = merge(genesis_outcomes[half:], ["random"], preset.seeds)
    genesis = {
        "on": {k: on[k] for k in ("complete", "missing", "converged", "full_pool_dice", "curves", "jobs")},
        "off": {k: off[k] for k in ("complete", "missing", "converged", "full_pool_dice", "curves", "jobs")},
        "comparison": genesis_comparison(on, off),
        "wall_s": _part_wall(genesis_outcomes),
        "complete": on["complete"] and off["complete"],
        "converged": on["converged"] and off["converged"],
    }
    _write(out / "genesis.json", genesis)

    # Phase 3, part (b): the two best strategies of (a) and random on MSD hippocampus.
    started = budget.now()
    deadline = budget.start("hippocampus")
    best = best_strategies(comparison) or list(FALLBACK_BEST)
    chosen = ["random", *best]
    hippocampus_jobs = label_jobs(
        "hippocampus", preset.hippocampus, msd, chosen, preset.seeds, out, flags,
        split_by_strategy=preset.split_by_strategy, seed_chunks=preset.seed_chunks, threads=preset.threads,
    )  # fmt: skip
    hippocampus_outcomes = run_phase(hippocampus_jobs, deadline, workers, preset.infer_batch_size)
    record("hippocampus", started, deadline)
    hippocampus = merge(hippocampus_outcomes, chosen, preset.seeds)
    hippocampus["chosen_from_comparison"] = best_strategies(comparison) == best
    hippocampus_entry = _label_part("hippocampus", hippocampus, hippocampus_outcomes, out, "MSD hippocampus, gpu_suite")

    throughput_result = throughput.result or {}
    rates = {
        dataset: {
            "unit": entry["unit"],
            "naive_per_s": entry["naive"]["per_s"],
            **{
                strategy: {"bf16_per_s": v["bf16"]["per_s"], "fp32_per_s": v["fp32"]["per_s"]}
                for strategy, v in entry["strategies"].items()
            },
        }
        for dataset, entry in (throughput_result.get("datasets") or {}).items()
    }
    wall = round(time.perf_counter() - wall_started, 1)
    results: dict[str, Any] = {
        "benchmark": "gpu_suite",
        "preset": preset.name,
        "evidence": evidence,
        "note": None if evidence else NOT_EVIDENCE,
        "environment": environment,
        "budget_s": args.budget_s,
        "wall_s": wall,
        "within_budget": wall <= args.budget_s,
        "phases": phases,
        "plateau_training": plateau,
        "label_efficiency_flags": sorted(flags),
        "preset_sizes": preset.to_dict(),
        "parts": {
            "comparison": comparison_entry,
            "hippocampus": {**hippocampus_entry, "strategies": chosen},
            "genesis": {
                "json": str(out / "genesis.json"),
                "wall_s": genesis["wall_s"],
                "complete": genesis["complete"],
                "converged": genesis["converged"],
                **genesis["comparison"],
            },
            "throughput": {
                "json": str(out / "throughput.json"),
                "wall_s": throughput.seconds,
                "complete": throughput.status == "finished",
                "status": throughput.status,
                "rates": rates,
            },
        },
    }
    incomplete = [part for part, entry in results["parts"].items() if not entry["complete"]]
    results["incomplete_parts"] = incomplete
    _write(out / "suite.json", results)
    if incomplete:
        print(
            f"WARNING: {', '.join(incomplete)} did not finish within the budget: see 'missing' and the jobs'"
            f" status in {out / 'suite.json'} (what finished is kept and summarised)"
        )
    if not evidence:
        print(NOT_EVIDENCE if defaulted_tiny else f"WARNING: preset {preset.name}: these numbers are not evidence.")
    summary = {
        "benchmark": "gpu_suite",
        "preset": preset.name,
        "evidence": evidence,
        "device": environment["device_name"],
        "precision": environment["precision"],
        "torch": environment["torch"],
        "wall_s": wall,
        "within_budget": results["within_budget"],
        "complete": {
            "comparison": comparison["complete"],
            "hippocampus": hippocampus["complete"],
            "genesis": genesis["complete"],
            "throughput": throughput.status == "finished",
        },
        "part_wall_s": {
            "throughput": throughput.seconds,
            "comparison": comparison_entry["wall_s"],
            "genesis": genesis["wall_s"],
            "hippocampus": hippocampus_entry["wall_s"],
        },
        "comparison_full_pool_dice": comparison["full_pool_dice"],
        "comparison_aulc": comparison_entry["aulc"],
        "hippocampus_strategies": chosen,
        "genesis_aulc_on_minus_off": genesis["comparison"].get("aulc_on_minus_off"),
        "results": str(out / "suite.json"),
    }
    print(json.dumps(summary))
    return results
