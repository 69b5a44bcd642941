"""Job bookkeeping in the database: claim, heartbeat, progress, cancellation, success and failure.

A job is claimed with a compare-and-set UPDATE: only a queued job, or a running one whose worker stopped writing
its heartbeat, with attempts left. So a redelivered message for a finished job, or for a job another live worker
is running, does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from typing import Any

from sqlalchemy import or_, select, update

from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.jobs.recovery import give_up, is_stale, stale_cutoff
from backend.jobs.settings import job_settings
from backend.models import Job, Round
from backend.round.state import RoundStatus

log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """The job (or its round) was cancelled from the API; the worker stops at the next epoch or sample."""


class JobLost(Exception):
    """Another worker took the job over (this one's heartbeat was stale); stop without touching its state."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: uuid.UUID) -> bool:
    """Mark the job running for this worker; False when it finished, runs elsewhere, or is out of attempts."""
    cutoff = stale_cutoff()
    now = utcnow()
    with session_scope() as session:
        result = session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                Job.attempts < Job.max_attempts,
                or_(Job.status == "queued", is_stale(cutoff)),
            )
            .values(
                status="running",
                attempts=Job.attempts + 1,
                worker=worker_name(),
                started_at=now,
                heartbeat_at=now,
                error=None,
            )
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
    give_up(job_id, cutoff)  # a job out of attempts is failed here rather than left looping
    return False


def set_progress(job_id: uuid.UUID, progress: dict[str, Any]) -> None:
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(progress=progress))


def finish(job_id: uuid.UUID, *, error: str | None = None, status: str | None = None) -> None:
    with session_scope() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status=status or ("failed" if error else "succeeded"), error=error, finished_at=utcnow())
        )


def job_status(job_id: uuid.UUID) -> str | None:
    with session_scope() as session:
        return session.scalar(select(Job.status).where(Job.id == job_id))


def round_status(round_id: uuid.UUID) -> str | None:
    with session_scope() as session:
        return session.scalar(select(Round.status).where(Round.id == round_id))


class Heartbeat:
    """Refreshes ``heartbeat_at`` from a thread while the job runs; notices when the job is no longer ours."""

    def __init__(self, job_id: uuid.UUID, interval_s: float | None = None) -> None:
        self.job_id = job_id
        self.worker = worker_name()
        self.interval_s = interval_s or job_settings().heartbeat_s
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                with session_scope() as session:
                    result = session.execute(
                        update(Job)
                        .where(Job.id == self.job_id, Job.status == "running", Job.worker == self.worker)
                        .values(heartbeat_at=utcnow())
                    )
                    if not result.rowcount:  # type: ignore[attr-defined]
                        self.lost = True
                        return
            except Exception:  # a database hiccup must not kill the job; the next beat tries again
                log.warning("job.heartbeat.failed job=%s", self.job_id, exc_info=True)


class ProgressReporter:
    """Writes progress at most every ``interval_s`` seconds (and always on stage changes).

    Each call is also where a running job stops: when its round was cancelled (or, for a job without a round, the
    job itself), when another worker took it over, or when it ran past its time limit (which the solo pool does
    not enforce by itself).
    """

    def __init__(
        self,
        job_id: uuid.UUID,
        round_id: uuid.UUID | None = None,
        heartbeat: Heartbeat | None = None,
        interval_s: float = 1.0,
    ) -> None:
        self.job_id = job_id
        self.round_id = round_id
        self.heartbeat = heartbeat
        self.interval_s = interval_s
        self.deadline = time.monotonic() + job_settings().time_limit_s
        self._last = 0.0
        self.stage = ""

    def check(self) -> None:
        # A job without a round is cancelled on its own row, which also stops its heartbeat: check that first so
        # the cancel is not mistaken for a takeover.
        if self.round_id is None and job_status(self.job_id) == "cancelled":
            raise JobCancelled(f"job {self.job_id} was cancelled")
        if self.heartbeat is not None and self.heartbeat.lost:
            raise JobLost(f"job {self.job_id} is now run by another worker")
        if self.round_id is not None and round_status(self.round_id) == RoundStatus.cancelled:
            raise JobCancelled(f"round {self.round_id} was cancelled")
        if time.monotonic() > self.deadline:
            raise TimeoutError(f"the job ran past its time limit of {job_settings().time_limit_s} s")

    def __call__(self, stage: str, **values: Any) -> None:
        self.check()
        now = time.monotonic()
        last_step = float(values.get("percent", 0.0)) >= 100.0  # a stage's end is always written
        if stage == self.stage and now - self._last < self.interval_s and not last_step:
            return
        self.stage, self._last = stage, now
        set_progress(self.job_id, {"stage": stage, **values})
