"""Recovering the jobs of workers that died: the heartbeat sweep.

With ``acks_late`` a task whose worker is killed stays unacknowledged in Redis, and Redis hands it out again only
after the visibility timeout (hours, since it must exceed the longest training). So the database decides instead:
a running job's worker refreshes ``jobs.heartbeat_at``; a job whose heartbeat is older than ``JOB_STALE_AFTER_S``
is put back to ``queued`` and its task sent again (or the job and its round are marked failed once
``max_attempts`` attempts were used). Every worker runs the sweep at start and then periodically; each step is a
compare-and-set UPDATE, so two workers sweeping at once re-enqueue a job once. When Redis eventually redelivers
the dead worker's original message, the claim sees the job finished (or freshly owned) and skips it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update

from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.jobs.enqueue import dispatch
from backend.jobs.names import JOB_TASKS
from backend.jobs.settings import job_settings
from backend.models import Job, Round
from backend.round.state import RoundStatus, transition

log = logging.getLogger(__name__)


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(seconds=job_settings().stale_after_s)


def is_stale(cutoff: datetime) -> ColumnElement[bool]:
    """A running job whose worker stopped writing its heartbeat."""
    return and_(Job.status == "running", or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff))


def gave_up_message(attempts: int) -> str:
    return f"Gave up after {attempts} attempts: the worker running this job was lost each time"


def give_up(job_id: uuid.UUID, cutoff: datetime) -> bool:
    """Mark an exhausted job (no attempts left, not running on a live worker) failed, and its round with it."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            return False
        message = gave_up_message(job.attempts)
        result = session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                Job.attempts >= Job.max_attempts,
                or_(Job.status == "queued", is_stale(cutoff)),
            )
            .values(status="failed", error=message, finished_at=utcnow())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        if job.round_id is not None:
            transition(session, job.round_id, to=RoundStatus.failed, error=message)
    log.warning("job.gave_up job=%s", job_id)
    return True


@dataclass
class SweepResult:
    requeued: list[uuid.UUID] = field(default_factory=list)
    sent: list[uuid.UUID] = field(default_factory=list)
    failed: list[uuid.UUID] = field(default_factory=list)
    cancelled: list[uuid.UUID] = field(default_factory=list)


def sweep(now: datetime | None = None) -> SweepResult:
    """Re-enqueue (or give up on) every running job whose heartbeat is stale."""
    cutoff = stale_cutoff(now)
    result = SweepResult()
    with session_scope() as session:
        stale = list(session.execute(select(Job.id, Job.attempts, Job.max_attempts).where(is_stale(cutoff))))
        # Queued but never handed to the broker (it was down when the API tried): send them now.
        unsent = list(
            session.scalars(
                select(Job.id).where(Job.status == "queued", Job.task_id.is_(None), Job.created_at < cutoff)
            )
        )
    for job_id in unsent:
        if _send_unsent(job_id):
            result.sent.append(job_id)
    for job_id, attempts, max_attempts in stale:
        if _cancelled_round(job_id, cutoff):
            result.cancelled.append(job_id)
        elif attempts >= max_attempts:
            if give_up(job_id, cutoff):
                result.failed.append(job_id)
        elif _requeue(job_id, cutoff):
            result.requeued.append(job_id)
    if stale or unsent:
        log.warning(
            "jobs.sweep requeued=%s sent=%s failed=%s cancelled=%s",
            result.requeued,
            result.sent,
            result.failed,
            result.cancelled,
        )
    return result


def _cancelled_round(job_id: uuid.UUID, cutoff: datetime) -> bool:
    with session_scope() as session:
        job = session.get(Job, job_id)
        current = session.get(Round, job.round_id) if job is not None and job.round_id is not None else None
        if current is None or current.status != RoundStatus.cancelled:
            return False
        session.execute(
            update(Job).where(Job.id == job_id, is_stale(cutoff)).values(status="cancelled", finished_at=utcnow())
        )
        return True


def _requeue(job_id: uuid.UUID, cutoff: datetime) -> bool:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.kind not in JOB_TASKS:
            return False
        moved = session.execute(
            update(Job)
            .where(Job.id == job_id, is_stale(cutoff), Job.attempts < Job.max_attempts)
            .values(status="queued", heartbeat_at=utcnow(), task_id=None)
        )
        if not moved.rowcount:  # type: ignore[attr-defined]
            return False  # another sweeper, or the worker itself, got there first
        task = JOB_TASKS[job.kind]
    if not _dispatch(task, job_id):
        return False
    log.warning("job.requeued job=%s attempts_so_far=%s", job_id, job.attempts)
    return True


def _send_unsent(job_id: uuid.UUID) -> bool:
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.kind not in JOB_TASKS:
            return False
        task = JOB_TASKS[job.kind]
        # Mark it first, so a second sweeper does not send it too.
        marked = session.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued", Job.task_id.is_(None)).values(task_id="sweep")
        )
        if not marked.rowcount:  # type: ignore[attr-defined]
            return False
    if not _dispatch(task, job_id):
        return False
    log.warning("job.sent_by_sweep job=%s", job_id)
    return True


def _dispatch(task: str, job_id: uuid.UUID) -> bool:
    """Send the task; if the broker is down, leave the job queued without a task id for the next sweep."""
    try:
        with session_scope() as session:
            dispatch(session, task, job_id)
    except Exception:
        log.warning("job.enqueue.failed job=%s (next sweep retries)", job_id, exc_info=True)
        with session_scope() as session:
            session.execute(update(Job).where(Job.id == job_id, Job.status == "queued").values(task_id=None))
        return False
    return True
