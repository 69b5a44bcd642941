"""Send tasks to the worker by name, so the API never imports the worker (or torch); job rows are
``backend.jobs.lifecycle``'s."""

from __future__ import annotations

import logging
import uuid
from functools import lru_cache

from celery import Celery
from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.db.base import utcnow
from backend.models import Job

log = logging.getLogger(__name__)


@lru_cache
def client() -> Celery:
    from backend.jobs.celery_config import make_celery

    return make_celery()


def enqueue(task_name: str, *args: str) -> str:
    """Send the task; returns its Celery task id."""
    result = client().send_task(task_name, args=list(args))
    log.info("job.enqueued task=%s args=%s task_id=%s", task_name, args, result.id)
    return str(result.id)


def dispatch(session: Session, task_name: str, job_id: uuid.UUID) -> str:
    """Enqueue the job's task (after its row is committed) and record the task id on the row; the caller commits."""
    task_id = enqueue(task_name, str(job_id))
    session.execute(update(Job).where(Job.id == job_id).values(task_id=task_id, heartbeat_at=utcnow()))
    return task_id


def try_dispatch(session: Session, task_name: str, job_id: uuid.UUID) -> bool:
    """``dispatch``, but a broker that is down leaves the job queued for the worker's sweep instead of failing."""
    try:
        dispatch(session, task_name, job_id)
    except Exception:
        session.rollback()
        log.warning("job.enqueue.failed job=%s (the recovery sweep sends it later)", job_id, exc_info=True)
        return False
    return True
