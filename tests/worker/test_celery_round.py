"""A round through a real `celery worker` process, with the real Redis broker and the real Postgres."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from tests.conftest import REPO_ROOT, login

REDIS_URL = os.environ.get("RADLOOP_TEST_REDIS", "redis://127.0.0.1:6379")
pytestmark = [pytest.mark.celery, pytest.mark.postgres]


@pytest.fixture
def redis_broker(database_url: str) -> Iterator[str]:
    url = f"{REDIS_URL}/{random.randint(1, 15)}"
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    os.environ["BROKER_URL"] = url
    from tests.conftest import reset_caches

    reset_caches()
    yield url
    os.environ["BROKER_URL"] = ""
    reset_caches()
    connection.flushdb()


@pytest.fixture
def celery_worker(redis_broker: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "worker.celery_app",
            "worker",
            "--pool=solo",
            "-Q",
            "gpu,cpu",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=REPO_ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    sys.stdout.write((tmp_path / "worker.log").read_text()[-3000:])


class TestRoundOnCeleryWorker:
    def test_round_started_over_http_completes_on_the_worker(
        self, client: TestClient, demo: dict[str, str], celery_worker: subprocess.Popen[bytes]
    ) -> None:
        lead = login(client, "lead")
        started = time.monotonic()
        response = client.post(f"/api/projects/{demo['project_id']}/rounds", json={"epochs": 2}, headers=lead)
        assert response.status_code == 202
        assert time.monotonic() - started < 5  # the request only enqueues
        round_id = response.json()["id"]
        seen: set[str] = set()
        status = "created"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and status not in {"ready", "failed"}:
            assert celery_worker.poll() is None, "worker exited"
            body = client.get(f"/api/rounds/{round_id}", headers=lead).json()
            status = body["status"]
            seen.add(status)
            time.sleep(0.5)
        assert status == "ready", body
        assert "training" in seen or "scoring" in seen or "selecting" in seen
        from sqlalchemy import select

        from backend.db.session import session_scope
        from backend.models import Job

        with session_scope() as session:
            job = session.scalar(select(Job).where(Job.round_id == round_id))
            assert job is not None
            assert (job.status, job.attempts) == ("succeeded", 1)
            assert job.worker
        queue = client.get("/api/queue", headers=login(client, "radiologist")).json()
        assert len(queue) == 2
