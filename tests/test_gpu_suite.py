"""The GPU evidence suite end to end at its tiny preset on the CPU, plus its budget, job and merge logic."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from PIL import Image

from benchmarks.gpu_suite import main
from benchmarks.gpu_suite.budget import Budget
from benchmarks.gpu_suite.jobs import Job, JobOutcome, label_efficiency_flags, run_jobs
from benchmarks.gpu_suite.labelruns import best_strategies, genesis_comparison, label_argv, label_jobs, merge
from benchmarks.gpu_suite.presets import PRESETS

STRATEGIES = ["random", "entropy", "mc_dropout", "acft", "unetpp_heads", "coreset", "hybrid"]
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_BUDGET_S = 900


def test_tiny_preset_runs_every_part_on_the_cpu_and_says_it_is_not_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)  # the CPU default, even on a GPU machine
    started = time.monotonic()
    # The budget is the suite's own contract, not a speed target: its first phase (throughput: mostly process
    # start-up and imports) gets a fifth of it, which 300 s did not leave on a 2-core CPU without native bf16.
    results = main(["--out", str(tmp_path), "--data-root", str(SHARED_DATA), "--budget-s", str(_BUDGET_S)])
    seconds = time.monotonic() - started
    printed = capsys.readouterr().out.strip().splitlines()

    summary = json.loads(printed[-1])  # the summary is the last line
    assert summary["benchmark"] == "gpu_suite" and summary["preset"] == "tiny"
    assert summary["evidence"] is False and results["evidence"] is False
    assert "NOT evidence" in printed[0] and "NOT evidence" in printed[-2]
    assert all(summary["complete"].values()), summary["complete"]
    assert summary["within_budget"] and seconds < _BUDGET_S

    saved = json.loads((tmp_path / "suite.json").read_text())
    assert saved["note"] and "NOT evidence" in saved["note"]
    environment = saved["environment"]
    assert environment["device"] == "cpu" and environment["torch"] == torch.__version__
    assert environment["device_name"] and environment["precision"]
    assert set(saved["phases"]) == {"throughput", "comparison", "hippocampus"}
    assert all(phase["wall_s"] >= 0 for phase in saved["phases"].values())
    assert all(saved["parts"][part]["wall_s"] > 0 for part in ("comparison", "hippocampus", "genesis", "throughput"))

    comparison = json.loads((tmp_path / "comparison_cvc.json").read_text())
    assert list(comparison["curves"]) == STRATEGIES  # every strategy has a curve, for every seed
    for strategy in STRATEGIES:
        assert set(comparison["curves"][strategy]) == {"0", "1"}
        assert all(0.0 <= p["dice"] <= 1.0 for c in comparison["curves"][strategy].values() for p in c)
        assert "aulc" in comparison["summary"][strategy]
    assert comparison["complete"] and comparison["missing"] == []
    assert comparison["config"]["size"] == 32 and comparison["full_pool_dice"] is not None
    assert comparison["config"]["train_config"]["infer_batch_size"] == PRESETS["tiny"].infer_batch_size == 2

    hippocampus = json.loads((tmp_path / "hippocampus.json").read_text())
    assert hippocampus["strategies"] == summary["hippocampus_strategies"]
    assert hippocampus["strategies"][0] == "random" and len(hippocampus["strategies"]) == 3
    assert hippocampus["strategies"][1:] == best_strategies(comparison)
    assert set(hippocampus["curves"]) == set(hippocampus["strategies"])

    genesis = json.loads((tmp_path / "genesis.json").read_text())
    paired = genesis["comparison"]
    assert paired["paired_seeds"] == [0, 1] and paired["max_labelled"] <= 10
    assert set(paired["aulc_on_minus_off"]) >= {"mean", "low", "high", "n", "significant"}
    assert [p["n_labeled"] for p in paired["dice_on_minus_off"]] == [2, 4]

    throughput = json.loads((tmp_path / "throughput.json").read_text())
    for dataset, unit in (("cvc_clinicdb", "frames"), ("msd_hippocampus", "patients")):
        entry = throughput["datasets"][dataset]
        assert entry["unit"] == unit and entry["naive"]["per_s"] > 0
        assert list(entry["strategies"]) == STRATEGIES
        for rates in entry["strategies"].values():
            assert rates["bf16"]["per_s"] > 0 and rates["fp32"]["per_s"] > 0
    for name in ("comparison_cvc.png", "hippocampus.png"):
        with Image.open(tmp_path / name) as image:
            assert image.size == (900, 560)


def test_budget_gives_each_phase_its_share_of_what_is_left() -> None:
    now = [0.0]
    budget = Budget(100.0, {"a": 0.2, "b": 0.6, "reserve": 0.2}, clock=lambda: now[0])
    assert budget.start("a") == pytest.approx(20.0)
    now[0] = 5.0  # phase a finished early: b gets 0.6 / 0.8 of the 95 s left
    assert budget.start("b") == pytest.approx(5.0 + 95.0 * 0.75)
    with pytest.raises(ValueError, match="already started"):
        budget.start("a")


def test_a_job_past_its_deadline_is_stopped_and_the_next_is_not_started(tmp_path: Path) -> None:
    def job(name: str) -> Job:
        endless = replace(PRESETS["tiny"].genesis, max_steps=100_000, patience=0)  # trains far past 3 s
        argv = label_argv(
            endless, SHARED_DATA / "msd-hippocampus", ["random"], [0], tmp_path / f"{name}.json",
            label_efficiency_flags(), threads=1,
        )  # fmt: skip
        return Job(name, "label_efficiency", {"argv": argv}, tmp_path / f"{name}.json", tmp_path / f"{name}.log")

    started = time.monotonic()
    first, second = run_jobs([job("long"), job("queued")], 1, time.monotonic() + 3.0)
    assert time.monotonic() - started < 20.0
    assert first.status == "stopped at deadline" and first.seconds is not None
    assert second.status == "not started" and second.result is None
    assert first.job.log.is_file()


def test_jobs_split_by_strategy_and_runs_of_consecutive_seeds(tmp_path: Path) -> None:
    flags = {"--patience", "--val-every", "--max-steps"}
    run = PRESETS["gpu"].comparison
    jobs = label_jobs(
        "a", run, tmp_path, ["random", "acft"], [0, 1, 2, 3, 4], tmp_path, flags, split_by_strategy=True, seed_chunks=2
    )
    assert [job.name for job in jobs] == [
        "a-random-seeds0-2",
        "a-random-seeds3-4",
        "a-acft-seeds0-2",
        "a-acft-seeds3-4",
    ]
    argv = jobs[1].payload["argv"]
    assert argv[argv.index("--seeds") + 1] == "3,4" and argv[argv.index("--strategies") + 1] == "random"
    assert argv[argv.index("--max-steps") + 1] == str(run.max_steps) and argv[argv.index("--size") + 1] == "128"
    assert argv[argv.index("--out") + 1] == str(jobs[1].out)
    old = label_argv(run, tmp_path, ["random"], [0], tmp_path / "o.json", {"--steps"})  # before plateau training
    assert "--patience" not in old and old[old.index("--steps") + 1] == str(run.max_steps)


def _outcome(name: str, status: str, curves: dict[str, dict[str, list[dict[str, float]]]]) -> JobOutcome:
    result = {"partial": status != "finished", "full_pool_dice": 0.8, "curves": curves, "trainings": []}
    job = Job(name, "label_efficiency", {"argv": []}, Path(f"{name}.json"), Path(f"{name}.log"))
    return JobOutcome(job, status, 0, 0.0, 1.0, result)


def _curve(*dice: float) -> list[dict[str, float]]:
    return [{"n_labeled": n, "dice": d} for n, d in zip((2, 4), dice, strict=True)]


def test_merge_keeps_the_curves_of_a_stopped_job_and_lists_what_is_missing() -> None:
    outcomes = [
        _outcome("a-random", "finished", {"random": {"0": _curve(0.3, 0.5), "1": _curve(0.4, 0.5)}}),
        _outcome("a-acft", "stopped at deadline", {"acft": {"0": _curve(0.3, 0.7)}}),
    ]
    merged = merge(outcomes, ["random", "acft", "hybrid"], [0, 1])
    assert merged["complete"] is False
    assert merged["missing"] == ["acft seed 1", "hybrid seed 0", "hybrid seed 1"]
    assert set(merged["curves"]) == {"random", "acft"}
    assert merged["summary"]["acft"]["aulc"] > merged["summary"]["random"]["aulc"]
    assert best_strategies(merged) == ["acft"]


def test_genesis_comparison_pairs_seeds_and_bootstraps_the_difference() -> None:
    on = {"curves": {"random": {"0": _curve(0.5, 0.7), "1": _curve(0.4, 0.6), "2": _curve(0.6, 0.8)}}}
    off = {"curves": {"random": {"0": _curve(0.3, 0.6), "1": _curve(0.3, 0.5)}}}
    paired = genesis_comparison(on, off)
    assert paired["paired_seeds"] == [0, 1]
    assert paired["aulc_on_minus_off"]["mean"] == pytest.approx(0.125)  # (0.15 + 0.1) / 2
    assert paired["aulc_on_minus_off"]["n"] == 2
    assert [p["mean"] for p in paired["dice_on_minus_off"]] == pytest.approx([0.15, 0.1])
