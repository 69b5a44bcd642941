"""A run shared out over processes (by seed and by strategy) and merged must equal the run made by one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import label_efficiency, label_efficiency_merge
from benchmarks.label_efficiency_merge import MergeError, merge

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _run(tmp_path: Path, strategies: str, seeds: str) -> dict[str, Any]:
    out = tmp_path / f"{strategies.replace(',', '+')}-{seeds.replace(',', '+')}.json"
    label_efficiency.main(
        [
            "--data", str(SHARED_DATA / "msd-hippocampus"), "--limit", "10", "--strategies", strategies,
            "--initial", "2", "--batch", "2", "--rounds", "1", "--seeds", seeds, "--max-steps", "2",
            "--patience", "0", "--val-every", "1", "--features", "4,4,8,8,16,4", "--genesis", "off",
            "--cache-dir", str(tmp_path / "cache"), "--out", str(out),
        ]
    )  # fmt: skip
    return dict(json.loads(out.read_text()))


def test_runs_split_by_strategy_and_by_seed_merge_into_the_single_run(tmp_path: Path) -> None:
    whole = _run(tmp_path, "random,entropy", "0,1")
    parts = [_run(tmp_path, "random", "0,1"), _run(tmp_path, "entropy", "0"), _run(tmp_path, "entropy", "1")]
    names = ["random-0+1.json", "entropy-0.json", "entropy-1.json"]
    out, plot = tmp_path / "merged.json", tmp_path / "merged.png"
    label_efficiency_merge.main([*(str(tmp_path / n) for n in names), "--out", str(out), "--plot", str(plot)])
    merged = json.loads(out.read_text())
    assert {part["full_pool_dice"] for part in parts} == {whole["full_pool_dice"]} == {merged["full_pool_dice"]}
    assert merged["curves"] == whole["curves"]
    assert merged["summary"] == whole["summary"]
    assert merged["collapsed"] == whole["collapsed"]
    assert merged["config"]["strategies"] == ["random", "entropy"] and merged["config"]["seeds"] == [0, 1]
    assert merged["merged_from"] == names
    assert sorted(t["name"] for t in merged["trainings"]) == sorted(t["name"] for t in whole["trainings"])
    assert plot.stat().st_size > 0


def _fake(
    seeds: list[int], full: float = 0.8, strategy: str = "random", first: float = 0.5, **config: Any
) -> dict[str, Any]:
    curve = [{"n_labeled": 2, "dice": first, "converged": True, "steps": 4}]
    return {
        "config": {"strategies": [strategy], "seeds": seeds, "threads": 1, "size": 64, **config},
        "full_pool_dice": full,
        "full_pool": {"name": "full_pool", "converged": True},
        "converged": True,
        "trainings": [{"name": "full_pool", "converged": True}],
        "curves": {strategy: {str(s): curve for s in seeds}},
        "seconds": 1.0,
    }


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ([_fake([0])], "at least two"),
        ([_fake([0]), _fake([1], size=128)], "differs from a in ['size']"),
        ([_fake([0]), _fake([0], strategy="acft", first=0.6)], "seed 0's shared first point differs"),
        ([_fake([0, 1]), _fake([0], strategy="acft")], "strategies cover different seeds"),
        ([_fake([0]), _fake([1], full=0.81)], "full-pool references differ"),
        ([_fake([0]), {"partial": True, "curves": {}}], "partial run"),
    ],
)
def test_runs_that_are_not_shares_of_one_experiment_are_refused(runs: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(MergeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        merge(runs, ["a", "b"][: len(runs)])


def test_a_training_that_never_rose_above_zero_validation_dice_is_reported_as_collapsed() -> None:
    trainings = [
        {"name": "seed 0 round 2 mc_dropout", "val_dice": 0.0},
        {"name": "seed 0 round 1 random", "val_dice": 0.31},
        {"name": "seed 0 round 0", "val_dice": None},  # no validation label: not judged
    ]
    assert label_efficiency.collapsed_trainings(trainings) == ["seed 0 round 2 mc_dropout"]


def test_the_same_data_set_reached_by_another_path_is_the_same_experiment() -> None:
    merged = merge(
        [_fake([0], data="../shared/data/polyp-cvc-clinicdb"), _fake([1], data="/work/shared/data/polyp-cvc-clinicdb")],
        ["a", "b"],
    )
    assert merged["config"]["seeds"] == [0, 1]
    with pytest.raises(MergeError, match=r"differs from a in \['data'\]"):
        merge([_fake([0], data="/x/msd-hippocampus"), _fake([1], data="/x/polyp-cvc-clinicdb")], ["a", "b"])
