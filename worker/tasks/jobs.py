"""Job bookkeeping in the database: claim, progress, success and failure.

A job is claimed with a compare-and-set UPDATE so a redelivered message for a finished job does nothing.
"""

from __future__ import annotations

import socket
import time
import uuid
from typing import Any

from sqlalchemy import update

from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.models import Job

MAX_ATTEMPTS = 3


def claim(job_id: uuid.UUID) -> bool:
    """Mark the job running for this worker; False when it already finished or gave up."""
    with session_scope() as session:
        result = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_(["queued", "running"]), Job.attempts < MAX_ATTEMPTS)
            .values(
                status="running",
                attempts=Job.attempts + 1,
                worker=f"{socket.gethostname()}",
                started_at=utcnow(),
                error=None,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def set_progress(job_id: uuid.UUID, progress: dict[str, Any]) -> None:
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(progress=progress))


def finish(job_id: uuid.UUID, *, error: str | None = None) -> None:
    with session_scope() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status="failed" if error else "succeeded", error=error, finished_at=utcnow())
        )


class ProgressReporter:
    """Writes progress at most every ``interval_s`` seconds (and always on stage changes)."""

    def __init__(self, job_id: uuid.UUID, interval_s: float = 1.0) -> None:
        self.job_id = job_id
        self.interval_s = interval_s
        self._last = 0.0
        self.stage = ""

    def __call__(self, stage: str, **values: Any) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self._last < self.interval_s:
            return
        self.stage, self._last = stage, now
        set_progress(self.job_id, {"stage": stage, **values})
