"""Selection at the seed's scale: choose 1,000 of 1,000,000 scored candidates with per-patient costs.

    python -m benchmarks.selection_scale [--candidates 1000000] [--batch 1000] [--repeats 5]

Times :func:`worker.ml.selection.select_batch` in ``rank`` mode (ACFT's randomised pick from the top omega*b,
budget-aware) and in ``hybrid`` mode (k-center greedy on 64-d embeddings inside the top omega*b), checks the
budget, and prints the median wall time. Target (issue 3): well under one second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from worker.ml.selection import select_batch


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--omega", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--feature-dim", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    scores = rng.random(args.candidates)
    costs = rng.choice([1.0, 2.0, 3.0, 5.0], size=args.candidates)  # per-patient cost, e.g. by series count
    budget = 2.5 * args.batch  # tight enough that costs matter
    shortlist = args.omega * args.batch
    features = rng.normal(size=(args.candidates, args.feature_dim)).astype(np.float32)

    results: dict[str, object] = {
        "benchmark": "selection_scale",
        "candidates": args.candidates,
        "batch": args.batch,
        "omega": args.omega,
        "budget": budget,
    }
    for mode in ("rank", "hybrid"):
        times, chosen = [], np.empty(0, dtype=np.int64)
        for repeat in range(args.repeats):
            started = time.perf_counter()
            chosen = select_batch(
                scores,
                costs,
                budget,
                args.batch,
                mode=mode,
                omega=args.omega,
                seed=repeat,
                features=features if mode == "hybrid" else None,
            )
            times.append(time.perf_counter() - started)
        spent = float(costs[chosen].sum())
        assert spent <= budget + 1e-9 and len(set(chosen.tolist())) == len(chosen)
        median = statistics.median(times)
        print(
            f"{mode:>6}: chose {len(chosen)} of {args.candidates:,} (shortlist {shortlist:,}), spent {spent:.0f} "
            f"of {budget:.0f}; median {median * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {args.repeats} runs"
        )
        results[f"{mode}_seconds_median"] = round(median, 4)
        results[f"{mode}_seconds_max"] = round(max(times), 4)
        results[f"{mode}_chosen"] = len(chosen)
        results[f"{mode}_spent"] = spent
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
