"""A job while this worker runs it: the heartbeat thread, the progress reports (where a cancel, a takeover or the
time limit stops it) and how it ends. The database moves are ``backend.jobs.lifecycle``'s; this is their
in-process side, shared by every task (``running`` is what a new kind of job wraps its body in).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.settings import job_settings
from backend.jobs.status import JobStatus
from backend.models import Round
from backend.round.state import RoundStatus

log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """The job (or its round) was cancelled from the API; the worker stops at the next epoch or sample."""


class JobLost(Exception):
    """Another worker took the job over (this one's heartbeat was stale); stop without touching its state."""


class Heartbeat:
    """Refreshes ``heartbeat_at`` from a thread while the job runs; notices when the job is no longer ours."""

    def __init__(self, job_id: uuid.UUID, interval_s: float | None = None) -> None:
        self.job_id = job_id
        self.worker = lifecycle.worker_name()
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
                if not lifecycle.beat(self.job_id, self.worker):
                    self.lost = True
                    return
            except Exception:  # a database hiccup must not kill the job; the next beat tries again
                log.warning("job.heartbeat.failed job=%s", self.job_id, exc_info=True)


def _round_status(round_id: uuid.UUID) -> str | None:
    with session_scope() as session:
        return session.scalar(select(Round.status).where(Round.id == round_id))


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
        if self.round_id is None and lifecycle.status_of(self.job_id) == JobStatus.cancelled:
            raise JobCancelled(f"job {self.job_id} was cancelled")
        if self.heartbeat is not None and self.heartbeat.lost:
            raise JobLost(f"job {self.job_id} is now run by another worker")
        if self.round_id is not None and _round_status(self.round_id) == RoundStatus.cancelled:
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
        lifecycle.set_progress(self.job_id, {"stage": stage, **values})


def short_error(exc: BaseException) -> str:
    """The reason in one line, for errors a lead reads on a dashboard."""
    return f"{type(exc).__name__}: {exc}"


def traceback_error(exc: BaseException) -> str:
    """The reason with where it happened, for errors an operator debugs."""
    return "".join(traceback.format_exception(exc, limit=5))


@contextmanager
def running(
    job_id: uuid.UUID,
    *,
    label: str,
    round_id: uuid.UUID | None = None,
    error_text: Callable[[BaseException], str] = short_error,
    on_failed: Callable[[BaseException], None] | None = None,
) -> Iterator[ProgressReporter]:
    """Run a claimed job's body: heartbeat while it runs, then end the job by how the body ended.

    The body reports progress through the yielded reporter and calls ``lifecycle.succeed`` when done. A cancel ends
    the job cancelled; a takeover by another worker leaves the job to that worker; any other error fails the job
    (``error_text`` says what is stored, ``on_failed`` fails what the job belongs to) and is raised again.
    """
    where = f"job={job_id}" + (f" round={round_id}" if round_id is not None else "")
    with Heartbeat(job_id) as heartbeat:
        try:
            yield ProgressReporter(job_id, round_id, heartbeat)
        except JobCancelled:
            log.info("%s.cancelled %s", label, where)
            lifecycle.finish(job_id, JobStatus.cancelled)
        except JobLost:
            log.warning("%s.job.lost %s (another worker owns it now)", label, where)
        except Exception as exc:
            log.exception("%s.failed %s", label, where)
            lifecycle.fail(job_id, error_text(exc))
            if on_failed is not None:
                on_failed(exc)
            raise
