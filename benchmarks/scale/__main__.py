"""``python -m benchmarks.scale``: build, start the API, replay the readers; or ``--sizes`` for the growth table.

    python -m benchmarks.scale [--patients 100000] [--readers 50] [--duration 120] [--workers 2] [--keep]
    python -m benchmarks.scale --sizes 1000,100000 [--scores-only 1000000] [--calls 20]

Each size gets a fresh database (``radloop_scale_<random>``, dropped afterwards unless ``--keep``) and a storage
root under ``--workdir`` (a temporary folder by default). The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.scale import build, growth, load
from benchmarks.scale.server import api_server


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--selected", type=int, default=2_000, help="the published round's selection")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--duration", type=int, default=180, help="seconds of load, the ramp included")
    parser.add_argument(
        "--spawn-rate", type=float, default=2.0, help="users started per second (each logs in once: hashing is CPU)"
    )
    parser.add_argument("--sizes", help="comma-separated project sizes: time each first page, no load")
    parser.add_argument("--scores-only", type=int, default=0, help="with --sizes: also a round of this many scores")
    parser.add_argument("--calls", type=int, default=20, help="with --sizes: calls per endpoint (median)")
    parser.add_argument("--workdir", type=Path, help="storage, logs and Locust CSVs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the database(s) and the workdir")
    return parser.parse_args(argv)


@contextmanager
def built_project(spec: build.Spec, workdir: Path, keep: bool) -> Iterator[build.Built]:
    name, url = build.create_database()
    print(f"building {spec.patients:,} patients in {name} (Postgres) …", flush=True)
    try:
        started = time.perf_counter()
        built = build.build(url, workdir / "storage", spec, database=name)
        print(f"  {'total':<38}{time.perf_counter() - started:7.2f} s", flush=True)
        yield built
    finally:
        if keep:
            print(f"kept database {name} ({url}) and {workdir}")
        else:
            build.drop_database(name)


def run_load(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    spec = build.Spec(patients=args.patients, readers=args.readers, selected=args.selected)
    with built_project(spec, workdir, args.keep) as built:
        users = args.readers + 2
        print(
            f"load: {args.readers} readers + lead + admin for {args.duration} s, uvicorn --workers {args.workers} …",
            flush=True,
        )
        with api_server(built.url, built.storage_root, workers=args.workers, log_path=workdir / "api.log") as server:
            result = load.run_locust(
                server,
                built.env(),
                users=users,
                spawn_rate=args.spawn_rate,
                duration_s=args.duration,
                csv_prefix=workdir / "locust",
                log_path=workdir / "locust.log",
            )
        print(load.report(result), flush=True)
        return {
            "patients": args.patients,
            "readers": args.readers,
            "workers": args.workers,
            "duration_s": args.duration,
            "build_seconds": {k: round(v, 2) for k, v in built.seconds.items()},
            "rows": built.rows,
            "load": result.to_json(),
        }


def run_growth(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    results: dict[str, list[growth.Timing]] = {}
    for size in sizes:
        spec = build.Spec(patients=size, readers=args.readers, selected=args.selected)
        sub = workdir / f"p{size}"
        with built_project(spec, sub, args.keep) as built:
            with api_server(built.url, built.storage_root, workers=1, log_path=sub / "api.log") as server:
                results[f"{size:,}"] = growth.first_pages(server.base_url, built, calls=args.calls)
            if args.scores_only and size == sizes[-1]:
                added = growth.extend_scores(built, args.scores_only)
                print(f"  scores-only: {added:,} score rows (and bare patients) added to round 2", flush=True)
                with api_server(built.url, built.storage_root, workers=1, log_path=sub / "api.log") as server:
                    results[f"{args.scores_only:,} (scores)"] = growth.first_pages(
                        server.base_url, built, calls=args.calls, only={"queue", "scores (first page)", "case: patient"}
                    )
        print(growth.table(results), flush=True)
    return {"sizes": {size: [asdict(t) for t in timings] for size, timings in results.items()}}


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="radloop-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        summary = run_growth(args, workdir) if args.sizes else run_load(args, workdir)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"benchmark": "scale", **summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
