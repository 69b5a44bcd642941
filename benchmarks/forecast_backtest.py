"""Backtest of the dashboard's learning-curve forecast on the measured label-efficiency curves.

    python -m benchmarks.forecast_backtest [--k 3] [--results benchmarks/results] [FILE.json ...]

Every curve of every results file (``results["curves"][strategy][seed] = [{"n_labeled", "dice"}, ...]``) with more
than k points is fitted on its first k points with :func:`backend.budget.forecast.fit_curve` (the dashboard's fit,
bootstrap included) and asked for the Dice of its last point. Printed as JSON: per file and overall, the mean
absolute error of that prediction, the same for the naive forecast "Dice stays at the k-th point" (what a lead
guesses without a model), and how often the last point fell inside the forecast's 95% band.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from backend.budget import forecast

RESULTS = Path(__file__).resolve().parent / "results"


def _curves(results: dict[str, Any]) -> list[tuple[str, str, list[tuple[float, float]]]]:
    found = []
    for strategy, seeds in (results.get("curves") or {}).items():
        runs = seeds.items() if isinstance(seeds, dict) else enumerate(seeds)
        for seed, points in runs:
            curve = sorted(
                (float(p["n_labeled"]), float(p["dice"]))
                for p in points
                if p.get("dice") is not None and p.get("n_labeled") is not None
            )
            found.append((str(strategy), str(seed), curve))
    return found


def backtest_curve(curve: Sequence[tuple[float, float]], k: int) -> dict[str, Any] | None:
    """Fit the first ``k`` points, predict the last; None when the curve is too short or the fit impossible."""
    if len(curve) <= k:
        return None
    ns, dice = zip(*curve[:k], strict=True)
    fit = forecast.fit_curve(ns, dice)
    if fit is None:
        return None
    n_last, actual = curve[-1]
    predicted = fit.dice(n_last)
    return {
        "n_fit": list(ns),
        "n_predicted": n_last,
        "actual": round(actual, 4),
        "predicted": round(predicted.mean, 4),
        "low": round(predicted.low, 4),
        "high": round(predicted.high, 4),
        "abs_error": abs(predicted.mean - actual),
        "naive_abs_error": abs(dice[-1] - actual),
        "covered": predicted.low <= actual <= predicted.high,
    }


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"curves": 0, "mae": None, "naive_mae": None, "coverage": None}
    return {
        "curves": len(rows),
        "mae": round(float(np.mean([r["abs_error"] for r in rows])), 4),
        "naive_mae": round(float(np.mean([r["naive_abs_error"] for r in rows])), 4),
        "coverage": round(float(np.mean([r["covered"] for r in rows])), 3),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="results files (default: every JSON under --results)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--k", type=int, default=forecast.MIN_POINTS, help="points fitted (at least 3)")
    parser.add_argument("--details", action="store_true", help="print every curve's prediction too")
    args = parser.parse_args(argv)
    if args.k < forecast.MIN_POINTS:
        parser.error(f"--k must be at least {forecast.MIN_POINTS} (three parameters)")
    files = args.files or sorted(args.results.glob("*.json"))
    per_file: dict[str, Any] = {}
    everything: list[dict[str, Any]] = []
    for path in files:
        try:
            results = json.loads(Path(path).read_text())
        except (OSError, json.JSONDecodeError) as exc:
            per_file[Path(path).name] = {"error": str(exc)}
            continue
        rows = []
        for strategy, seed, curve in _curves(results if isinstance(results, dict) else {}):
            row = backtest_curve(curve, args.k)
            if row is not None:
                rows.append({"strategy": strategy, "seed": seed, **row})
        entry = _summary(rows)
        if args.details:
            entry["predictions"] = rows
        per_file[Path(path).name] = entry
        everything.extend(rows)
    output = {"benchmark": "forecast_backtest", "k": args.k, "files": per_file, "overall": _summary(everything)}
    print(json.dumps(output, indent=2, default=float))
    return output


if __name__ == "__main__":
    main()
