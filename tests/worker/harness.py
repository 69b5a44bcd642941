"""Real processes for the worker tests: a private redis-server, celery workers, the API under uvicorn.

Each helper owns the process it starts and stops only that one (by its pid), so the machine's shared Redis and
other users' processes are never touched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tests.conftest import REPO_ROOT

T = TypeVar("T")

# Fast failure detection for the tests; production defaults are 10 s / 60 s / 30 s (backend.jobs.settings).
FAST_RECOVERY_ENV = {"JOB_HEARTBEAT_S": "0.5", "JOB_STALE_AFTER_S": "3", "JOB_SWEEP_INTERVAL_S": "1"}
WAIT_S = 480.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, probe: Callable[[], T | None], timeout_s: float = WAIT_S, every_s: float = 0.2) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` when it never does."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(every_s)


class RedisServer:
    """A private, non-persistent redis-server on a free port (started the way `make services` starts Redis)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        connection = redis.Redis(port=self.port)
        wait_for("redis-server to answer", lambda: _ping(connection), timeout_s=20, every_s=0.05)
        connection.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _ping(connection: object) -> bool:
    import redis

    try:
        return bool(connection.ping())  # type: ignore[attr-defined]
    except redis.RedisError:
        return False


def celery_worker_argv(pool: str, node: str) -> list[str]:
    """The command line of one real Celery worker serving both queues, one task at a time (every test that starts a
    worker process uses it)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "-Q",
        "gpu,cpu",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "info",
        "-n",
        node,
    ]


class WorkerProcess:
    """One `celery worker` process (one per GPU in production) on the gpu and cpu queues."""

    def __init__(self, name: str, workdir: Path, env: dict[str, str] | None = None, pool: str = "threads") -> None:
        self.name = name
        self.log_path = workdir / f"worker-{name}.log"
        self.env = {**os.environ, **FAST_RECOVERY_ENV, **(env or {})}
        self.pool = pool
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def node(self) -> str:
        return f"{self.name}-{os.getpid()}@{socket.gethostname()}"

    def start(self) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            celery_worker_argv(self.pool, self.node),
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill9(self) -> None:
        """What the OOM killer or a power cut does: no warm shutdown, no ack, no cleanup."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class ApiServer:
    """The API under uvicorn, as deployed: a separate process that can be killed and started again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.log_path = workdir / "api.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import httpx

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--port", str(self.port), "--log-level", "info"],
            cwd=REPO_ROOT,
            env={**os.environ, **FAST_RECOVERY_ENV},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

        def up() -> bool:
            try:
                return httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for("the API to answer", up, timeout_s=60)

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


# ---- reading a round's state straight from the database (what survives any process) ----


def jobs_of(round_id: str) -> list[dict[str, object]]:
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Job

    with session_scope() as session:
        rows = session.scalars(select(Job).where(Job.round_id == uuid.UUID(round_id)).order_by(Job.created_at))
        return [
            {
                "id": str(job.id),
                "status": job.status,
                "attempts": job.attempts,
                "max_attempts": job.max_attempts,
                "worker": job.worker,
                "error": job.error,
                "progress": dict(job.progress or {}),
            }
            for job in rows
        ]


def results_of(round_id: str) -> dict[str, int]:
    """How many segmenter versions and Genesis backbones, scores, selected patients and predictions the round has."""
    from sqlalchemy import func, select

    from backend.db.session import session_scope
    from backend.models import ModelVersion, Prediction, Score

    rid = uuid.UUID(round_id)
    with session_scope() as session:
        return {
            "model_versions": session.scalar(
                select(func.count()).where(ModelVersion.round_id == rid, ModelVersion.kind == "segmenter")
            )
            or 0,
            "backbones": session.scalar(
                select(func.count()).where(ModelVersion.round_id == rid, ModelVersion.kind == "genesis")
            )
            or 0,
            "scores": session.scalar(select(func.count()).where(Score.round_id == rid)) or 0,
            "selected": session.scalar(select(func.count()).where(Score.round_id == rid, Score.selected)) or 0,
            "predictions": session.scalar(select(func.count()).where(Prediction.round_id == rid)) or 0,
        }


def pool_size(project_id: str) -> int:
    from sqlalchemy import func, select

    from backend.db.session import session_scope
    from backend.models import Patient
    from backend.models.patient import PatientStatus, Split

    with session_scope() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    Patient.project_id == uuid.UUID(project_id),
                    Patient.split == Split.pool,
                    Patient.status == PatientStatus.unlabeled,
                )
            )
            or 0
        )
