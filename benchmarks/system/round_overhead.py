"""Round overhead: the time from "start round" (HTTP) to the selection being visible in a radiologist's queue,
minus the compute (training + scoring seconds the worker records in the round's metrics).

    python -m benchmarks.system.round_overhead [--rounds 3] [--epochs 1] [--brokers embedded,redis]

Each broker runs the same demo project on a fresh database with a real ``celery worker`` process:

* ``embedded``: what ``make demo`` runs: SQLite, Celery's filesystem transport, a solo-pool worker.
* ``redis``: production-like: Postgres (``RADLOOP_TEST_PG`` admin DSN, a throw-away database) and a private
  redis-server on a free port, a worker with one thread (``--pool=threads --concurrency=1``).

The first round of each broker includes the worker's lazy torch import and model build (cold); the following ones
are warm. The queue is polled every 50 ms, so figures are rounded up to that. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_DSN = os.environ.get("RADLOOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "round-overhead-benchmark-password"
POLL_S = 0.05


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reset_caches() -> None:
    from backend.core.config import get_settings
    from backend.db.session import get_engine
    from backend.jobs.enqueue import client

    get_settings.cache_clear()
    get_engine.cache_clear()
    client.cache_clear()


@contextmanager
def _postgres_database() -> Iterator[str | None]:
    try:
        import psycopg

        name = f"radloop_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # no Postgres here: the caller falls back to SQLite
        print(f"  (Postgres unavailable: {type(exc).__name__}; using SQLite)")
        yield None
        return
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        from backend.db.session import get_engine

        get_engine().dispose()
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _redis_server(workdir: Path) -> Iterator[str]:
    import redis

    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    connection = redis.Redis(port=port)
    try:
        for _ in range(200):
            with suppress(redis.RedisError):
                if connection.ping():
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        connection.close()
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def _environment(workdir: Path, database_url: str, broker_url: str) -> Iterator[None]:
    env = {
        "DATABASE_URL": database_url,
        "BROKER_URL": broker_url,
        "STORAGE_ROOT": str(workdir / "storage"),
        "EMBEDDED_BROKER_DIR": str(workdir / "broker"),
        "SECRET_KEY": "round-overhead-benchmark-secret-key-0123456789abcdef",
        "RADLOOP_DEMO_PASSWORD": PASSWORD,
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    _reset_caches()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _reset_caches()


@contextmanager
def _worker(workdir: Path, pool: str) -> Iterator[subprocess.Popen[bytes]]:
    log = (workdir / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker", f"--pool={pool}", "--concurrency=1"]
        + ["-Q", "gpu,cpu", "--without-gossip", "--without-mingle", "-l", "warning", "-n", f"bench-{os.getpid()}@%h"],
        cwd=REPO_ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _measure(rounds: int, epochs: int, pool: str, workdir: Path) -> list[dict[str, float]]:
    from fastapi.testclient import TestClient

    from backend import demo
    from backend.db.session import session_scope
    from backend.main import create_app
    from backend.migrate import upgrade_head

    upgrade_head()
    with session_scope() as session:
        project_id = str(demo.seed(session).project.id)
    results = []
    with _worker(workdir, pool) as worker, TestClient(create_app()) as client:
        logging.getLogger().setLevel(logging.WARNING)  # no per-request lines between the figures
        headers = {}
        for username in ("lead", "radiologist"):
            token = client.post("/api/auth/login", json={"username": username, "password": PASSWORD}).json()
            headers[username] = {"Authorization": f"Bearer {token['access_token']}"}
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.post(
                f"/api/projects/{project_id}/rounds", json={"epochs": epochs}, headers=headers["lead"]
            )
            accepted = time.perf_counter() - started
            assert response.status_code == 202, response.text
            round_id = response.json()["id"]
            while True:
                if worker.poll() is not None:
                    raise RuntimeError(f"the worker exited; see {workdir / 'worker.log'}")
                queue = client.get("/api/queue", headers=headers["radiologist"]).json()
                if any(item["round_id"] == round_id for item in queue):
                    break
                body = client.get(f"/api/rounds/{round_id}", headers=headers["lead"]).json()
                if body["status"] == "failed":
                    raise RuntimeError(f"round failed: {body['error']}")
                time.sleep(POLL_S)
            visible = time.perf_counter() - started
            body = client.get(f"/api/rounds/{round_id}", headers=headers["lead"]).json()
            metrics, job = body["metrics"], body["job"]
            compute = float(metrics["compute_seconds"])
            pickup = (_parse(job["started_at"]) - _parse(body["created_at"])) if job["started_at"] else float("nan")
            results.append(
                {
                    "visible_s": round(visible, 3),
                    "compute_s": round(compute, 3),
                    "overhead_s": round(visible - compute, 3),
                    "http_accept_s": round(accepted, 3),
                    "pickup_s": round(pickup, 3),
                }
            )
            print(
                f"    round {body['number']}: visible after {visible:6.2f} s, compute {compute:6.2f} s "
                f"(train {metrics['train_seconds']} + score {metrics['score_seconds']}), "
                f"overhead {visible - compute:5.2f} s (HTTP {accepted * 1000:.0f} ms, worker pickup {pickup:.2f} s)"
            )
    return results


def _parse(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def run(broker: str, rounds: int, epochs: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"radloop-overhead-{broker}-"))
    print(f"{broker}:")
    try:
        if broker == "embedded":
            with _environment(workdir, f"sqlite:///{workdir / 'radloop.sqlite'}", ""):
                results, database = _measure(rounds, epochs, "solo", workdir), "sqlite"
        else:
            with _redis_server(workdir) as redis_url, _postgres_database() as pg_url:
                database = "postgres" if pg_url else "sqlite"
                with _environment(workdir, pg_url or f"sqlite:///{workdir / 'radloop.sqlite'}", redis_url):
                    results = _measure(rounds, epochs, "threads", workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    warm = [r["overhead_s"] for r in results[1:]] or [results[0]["overhead_s"]]
    return {
        "broker": broker,
        "database": database,
        "rounds": results,
        "cold_overhead_s": results[0]["overhead_s"],
        "warm_overhead_s_median": round(statistics.median(warm), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per broker (the first is cold)")
    parser.add_argument("--epochs", type=int, default=1, help="training epochs per round")
    parser.add_argument("--brokers", default="embedded,redis", help="comma-separated: embedded, redis")
    args = parser.parse_args()
    summary = [run(broker.strip(), args.rounds, args.epochs) for broker in args.brokers.split(",") if broker.strip()]
    print()
    for item in summary:
        print(
            f"{item['broker']:>8} ({item['database']}): overhead cold {item['cold_overhead_s']:.2f} s, "
            f"warm median {item['warm_overhead_s_median']:.2f} s"
        )
    print(json.dumps({"benchmark": "round_overhead", "epochs": args.epochs, "results": summary}))


if __name__ == "__main__":
    main()
