"""Worker tests run against the real Postgres only (the production pairing with Redis), real worker processes
and a private redis-server per test (so the machine's shared Redis is never flushed or restarted)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import migrated_database, reset_caches
from tests.worker.harness import FAST_RECOVERY_ENV, RedisServer, WorkerProcess


@pytest.fixture(scope="package")
def database_url(session_tmp: Path) -> Iterator[str]:
    with migrated_database("postgres", session_tmp / f"worker-{uuid.uuid4().hex[:6]}") as url:
        yield url


@pytest.fixture
def fast_recovery(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Second-scale heartbeats and sweeps, for this process (the API) as for the workers it starts."""
    for key, value in FAST_RECOVERY_ENV.items():
        monkeypatch.setenv(key, value)
    return FAST_RECOVERY_ENV


@pytest.fixture
def private_redis(db: str, tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    os.environ["BROKER_URL"] = server.url
    reset_caches()
    yield server
    os.environ["BROKER_URL"] = ""
    reset_caches()
    server.stop()


StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def start_worker(private_redis: RedisServer, fast_recovery: dict[str, str], tmp_path: Path) -> Iterator[StartWorker]:
    """Starts celery worker processes on the private Redis; stops every one still alive after the test."""
    started: list[WorkerProcess] = []

    def start(name: str = "w", **env: str) -> WorkerProcess:
        worker = WorkerProcess(f"{name}{len(started)}", tmp_path, env=env).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    for worker in started:
        sys.stdout.write(f"\n--- {worker.name} (last lines)\n{worker.log()[-2500:]}\n")
