"""Recovering the jobs of workers that died: the heartbeat sweep (its moves are ``backend.jobs.lifecycle``'s).

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
from datetime import datetime

from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.enqueue import dispatch

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    requeued: list[uuid.UUID] = field(default_factory=list)
    sent: list[uuid.UUID] = field(default_factory=list)
    failed: list[uuid.UUID] = field(default_factory=list)
    cancelled: list[uuid.UUID] = field(default_factory=list)


def sweep(now: datetime | None = None) -> SweepResult:
    """Re-enqueue (or give up on) every running job whose heartbeat is stale, and send the never-sent ones."""
    cutoff = lifecycle.stale_cutoff(now)
    result = SweepResult()
    with session_scope() as session:
        stale = lifecycle.stale_jobs(session, cutoff)
        unsent = lifecycle.unsent_jobs(session, cutoff)
    for job_id in unsent:
        if _send(job_id, lifecycle.reserve_unsent(job_id), "job.sent_by_sweep"):
            result.sent.append(job_id)
    for job_id, attempts, max_attempts in stale:
        if lifecycle.cancel_if_round_cancelled(job_id, cutoff):
            result.cancelled.append(job_id)
        elif attempts >= max_attempts:
            if lifecycle.give_up(job_id, cutoff):
                result.failed.append(job_id)
        elif _send(job_id, lifecycle.requeue(job_id, cutoff), "job.requeued"):
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


def _send(job_id: uuid.UUID, resend: lifecycle.Resend | None, event: str) -> bool:
    """Send a job the sweep moved; if the broker is down, leave it queued without a task id for the next sweep."""
    if resend is None:
        return False
    try:
        with session_scope() as session:
            dispatch(session, resend.task, job_id)
    except Exception:
        log.warning("job.enqueue.failed job=%s (next sweep retries)", job_id, exc_info=True)
        lifecycle.release_unsent(job_id)
        return False
    log.warning("%s job=%s attempts_so_far=%s", event, job_id, resend.attempts)
    return True
