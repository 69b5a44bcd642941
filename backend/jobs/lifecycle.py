"""The life of a worker job, in one place: its states, which moves are allowed, and every write of ``jobs.status``.

queued → running → succeeded | failed | cancelled. A running job whose worker stopped writing its heartbeat is
*stale*: another worker may claim it (running → running), the recovery sweep may put it back on the queue
(running → queued), or give up on it (→ failed) once its attempts are used. Each move is a compare-and-set UPDATE
whose condition comes from ``TRANSITIONS``, so two actors (workers, sweepers, the API) never both move one job.

Adding a job kind (e.g. a PACS import): add its kind, task name and queue to ``JOB_KINDS`` in
``backend.jobs.names``; the API creates its row with ``add_job`` and sends it with ``enqueue.try_dispatch``; one
module under ``worker/tasks`` (listed in ``worker.celery_app``'s ``include``) registers the task, which calls
``claim``, runs its body inside ``worker.tasks.jobs.running`` (heartbeat, progress, cancel, failure) and ends
with ``succeed``. The recovery sweep (``backend.jobs.recovery``) then covers it with no further code.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, CursorResult, Update, and_, or_, select, update
from sqlalchemy.orm import Session

from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.jobs.names import JOB_TASKS
from backend.jobs.settings import job_settings
from backend.jobs.status import JobStatus
from backend.models import Job, Round
from backend.round.state import RoundStatus, transition

log = logging.getLogger(__name__)

S = JobStatus
TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    # Claimed by a worker; cancelled with its round before it started; given up on when out of attempts; finished
    # by a worker the sweep took for dead (and re-queued) that completed it after all.
    S.queued: frozenset({S.running, S.succeeded, S.failed, S.cancelled}),
    # running → running: a stale job claimed by another worker; running → queued: re-queued by the sweep.
    S.running: frozenset({S.running, S.queued, S.succeeded, S.failed, S.cancelled}),
    S.succeeded: frozenset(),
    S.failed: frozenset(),
    S.cancelled: frozenset(),
}
# A worker may still run these; the others are the job's last word.
ACTIVE = frozenset(s for s, targets in TRANSITIONS.items() if targets)
FINAL = frozenset(JobStatus) - ACTIVE


def can_transition(current: str, target: JobStatus) -> bool:
    return target in TRANSITIONS[JobStatus(current)]


def is_active() -> ColumnElement[bool]:
    """A job a worker may still run (queued or running)."""
    return Job.status.in_(sorted(ACTIVE))


def _from(target: JobStatus) -> ColumnElement[bool]:
    """The rows ``target`` may be reached from, as a WHERE condition."""
    return Job.status.in_([s for s, targets in TRANSITIONS.items() if target in targets])


def _changed(session: Session, statement: Update) -> bool:
    """Run a compare-and-set UPDATE; False when its condition matched no row (another actor moved first)."""
    return bool(cast("CursorResult[Any]", session.execute(statement)).rowcount)


def worker_name() -> str:
    """Who runs a job: written by ``claim``, checked by every heartbeat."""
    return f"{socket.gethostname()}:{os.getpid()}"


# --- creation (API side; the caller commits, then dispatches) ------------------------------------------------


def add_job(
    session: Session,
    *,
    kind: str,
    config: dict[str, Any],
    round_id: uuid.UUID | None = None,
    project_id: uuid.UUID | None = None,
) -> Job:
    """A queued job row with the configured attempt limit; the caller commits, then dispatches it."""
    job = Job(
        round_id=round_id,
        project_id=project_id,
        kind=kind,
        status=JobStatus.queued,
        progress={},
        config=config,
        max_attempts=job_settings().max_attempts,
    )
    session.add(job)
    session.flush()
    return job


# --- staleness --------------------------------------------------------------------------------------------------


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(seconds=job_settings().stale_after_s)


def is_stale(cutoff: datetime) -> ColumnElement[bool]:
    """A running job whose worker stopped writing its heartbeat."""
    return and_(Job.status == S.running, or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff))


def looks_stale(job: Job, cutoff: datetime) -> bool:
    """``is_stale`` for a loaded row (the health page shows it per job)."""
    return job.status == S.running and (job.heartbeat_at is None or job.heartbeat_at < cutoff)


def _unowned(cutoff: datetime) -> ColumnElement[bool]:
    """No live worker owns the job: queued, or running on a worker that stopped beating."""
    return or_(Job.status == S.queued, is_stale(cutoff))


def _attempts_left() -> ColumnElement[bool]:
    return Job.attempts < Job.max_attempts


# --- the worker's moves ------------------------------------------------------------------------------------------


def claim(job_id: uuid.UUID) -> bool:
    """Mark the job running for this worker; False when it finished, runs elsewhere, or is out of attempts.

    Only an unowned job with attempts left is claimed, so a redelivered message for a finished job, or for one a
    live worker runs, does nothing. A job out of attempts is failed here rather than left looping.
    """
    cutoff = stale_cutoff()
    now = utcnow()
    with session_scope() as session:
        claimed = _changed(
            session,
            update(Job)
            .where(Job.id == job_id, _attempts_left(), _unowned(cutoff))
            .values(
                status=S.running,
                attempts=Job.attempts + 1,
                worker=worker_name(),
                started_at=now,
                heartbeat_at=now,
                error=None,
            ),
        )
    if not claimed:
        give_up(job_id, cutoff)
    return claimed


def beat(job_id: uuid.UUID, worker: str) -> bool:
    """Refresh the heartbeat of a job ``worker`` runs; False when the job is no longer running there."""
    with session_scope() as session:
        return _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.status == S.running, Job.worker == worker)
            .values(heartbeat_at=utcnow()),
        )


def set_progress(job_id: uuid.UUID, progress: dict[str, Any]) -> None:
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(progress=progress))


def status_of(job_id: uuid.UUID) -> JobStatus | None:
    with session_scope() as session:
        status = session.scalar(select(Job.status).where(Job.id == job_id))
    return JobStatus(status) if status is not None else None


def finish(
    job_id: uuid.UUID, status: JobStatus, *, error: str | None = None, progress: dict[str, Any] | None = None
) -> bool:
    """End the job in ``status`` (one of ``FINAL``) unless it already ended; False when it had."""
    if status not in FINAL:
        raise ValueError(f"{status} is not a final job status")
    values: dict[str, Any] = {"status": status, "error": error, "finished_at": utcnow()}
    if progress is not None:
        values["progress"] = progress
    with session_scope() as session:
        return _changed(session, update(Job).where(Job.id == job_id, _from(status)).values(**values))


def succeed(job_id: uuid.UUID, progress: dict[str, Any] | None = None) -> bool:
    return finish(job_id, S.succeeded, progress=progress)


def fail(job_id: uuid.UUID, error: str) -> bool:
    return finish(job_id, S.failed, error=error)


# --- cancelling from the API (the caller's session; the caller commits) -----------------------------------------


def cancel(session: Session, job_id: uuid.UUID) -> bool:
    """Cancel a queued or running job; a running one's worker notices at its next progress report."""
    return _changed(
        session,
        update(Job).where(Job.id == job_id, _from(S.cancelled)).values(status=S.cancelled, finished_at=utcnow()),
    )


def cancel_queued(session: Session, round_id: uuid.UUID) -> None:
    """Cancel the round's jobs still waiting in the queue; a running one is stopped by its worker, which checks the
    round's status between epochs and then ends its job cancelled."""
    session.execute(
        update(Job)
        .where(Job.round_id == round_id, Job.status == S.queued)
        .values(status=S.cancelled, finished_at=utcnow())
    )


# --- recovery: the sweep's moves ---------------------------------------------------------------------------------


class Resend(NamedTuple):
    """A job the sweep must send (again) to its task."""

    task: str
    attempts: int


def stale_jobs(session: Session, cutoff: datetime) -> list[tuple[uuid.UUID, int, int]]:
    """``(id, attempts, max_attempts)`` of every stale job."""
    rows = session.execute(select(Job.id, Job.attempts, Job.max_attempts).where(is_stale(cutoff)))
    return [(job_id, attempts, max_attempts) for job_id, attempts, max_attempts in rows]


def unsent_jobs(session: Session, cutoff: datetime) -> list[uuid.UUID]:
    """Queued jobs the broker never got (it was down when the API tried to send them)."""
    return list(
        session.scalars(select(Job.id).where(Job.status == S.queued, Job.task_id.is_(None), Job.created_at < cutoff))
    )


def gave_up_message(attempts: int) -> str:
    return f"Gave up after {attempts} attempts: the worker running this job was lost each time"


def give_up(job_id: uuid.UUID, cutoff: datetime) -> bool:
    """Fail an unowned job that has no attempts left, and its round with it."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            return False
        message = gave_up_message(job.attempts)
        if not _changed(
            session,
            update(Job)
            .where(Job.id == job_id, ~_attempts_left(), _unowned(cutoff))
            .values(status=S.failed, error=message, finished_at=utcnow()),
        ):
            return False
        if job.round_id is not None:
            transition(session, job.round_id, to=RoundStatus.failed, error=message)
    log.warning("job.gave_up job=%s", job_id)
    return True


def cancel_if_round_cancelled(job_id: uuid.UUID, cutoff: datetime) -> bool:
    """End a stale job cancelled when its round was: nobody is left to notice the cancel."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        current = session.get(Round, job.round_id) if job is not None and job.round_id is not None else None
        if current is None or current.status != RoundStatus.cancelled:
            return False
        session.execute(
            update(Job).where(Job.id == job_id, is_stale(cutoff)).values(status=S.cancelled, finished_at=utcnow())
        )
        return True


def requeue(job_id: uuid.UUID, cutoff: datetime) -> Resend | None:
    """Put a stale job with attempts left back on the queue; None when another sweeper (or the worker) was first,
    or its kind has no task."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.kind not in JOB_TASKS:
            return None
        if not _changed(
            session,
            update(Job)
            .where(Job.id == job_id, is_stale(cutoff), _attempts_left())
            .values(status=S.queued, heartbeat_at=utcnow(), task_id=None),
        ):
            return None
        return Resend(JOB_TASKS[job.kind], job.attempts)


def reserve_unsent(job_id: uuid.UUID) -> Resend | None:
    """Mark a queued, never-sent job as being sent, so a second sweeper does not send it too."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.kind not in JOB_TASKS:
            return None
        if not _changed(
            session,
            update(Job).where(Job.id == job_id, Job.status == S.queued, Job.task_id.is_(None)).values(task_id="sweep"),
        ):
            return None
        return Resend(JOB_TASKS[job.kind], job.attempts)


def release_unsent(job_id: uuid.UUID) -> None:
    """The broker refused it: leave the job queued without a task id, for the next sweep."""
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id, Job.status == S.queued).values(task_id=None))
