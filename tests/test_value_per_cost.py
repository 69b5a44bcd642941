"""The value-per-cost benchmark end to end on a dozen MSD hippocampus patients (tiny training, CPU)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.value_per_cost import main

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_both_objectives_spend_within_the_same_budget_and_the_summary_refuses_claims(tmp_path: Path) -> None:
    out = tmp_path / "vpc.json"
    results = main(
        [
            "--data", str(SHARED_DATA / "msd-hippocampus"), "--limit", "16", "--seeds", "0", "--initial", "2",
            "--batch", "2", "--patience", "0", "--max-steps", "2", "--genesis-steps", "0", "--out", str(out),
        ]
    )  # fmt: skip
    saved = json.loads(out.read_text())
    run = saved["runs"]["0"]
    for objective in ("score", "value_per_cost"):
        assert 0 < run[objective]["picked"] and run[objective]["spent"] <= run["budget"] + 1e-9
        assert 0.0 <= run[objective]["test_dice"] <= 1.0
    # Two steps of training never reach a plateau, and one seed is no evidence: no claim either way.
    assert saved["summary"]["converged"] is False
    assert saved["summary"]["claims"] == "none: training did not converge"
    assert results["summary"] == saved["summary"]
