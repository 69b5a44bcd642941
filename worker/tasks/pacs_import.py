"""A PACS import as one durable job on the ``cpu`` queue: the thin adapter around ``backend.pacs.importer``.

Claim the job, run the import inside ``jobs.running`` (heartbeat, progress, cancel, failure) and end it. The import
is idempotent per series, so a redelivered task or a re-run after a lost worker resumes where the last one stopped.
"""

from __future__ import annotations

import logging
import uuid

from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.names import PACS_IMPORT
from backend.jobs.settings import job_settings
from backend.jobs.status import JobStatus
from backend.models import Job, Project
from backend.pacs.importer import run_import
from worker.celery_app import app
from worker.tasks import jobs
from worker.tasks.rows import require

log = logging.getLogger(__name__)


@app.task(
    name=PACS_IMPORT,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def pacs_import_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Import what job ``job_id`` planned, or record why not.

    A patient that cannot be imported does not stop the others: the job ends failed naming it, with every other
    patient imported (re-running the same selection then only retries what is missing). A PACS that stays down
    fails the job with the reason; its retry resumes.
    """
    if not lifecycle.claim(job_id):
        log.info("pacs_import.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with jobs.running(job_id, label="pacs_import", error_text=jobs.short_error) as report:
        outcome = run_import(job_id, report)
        report.check()
        if outcome.failed:
            lifecycle.finish(job_id, JobStatus.failed, error=outcome.summary(), progress=outcome.progress)
        else:
            lifecycle.succeed(job_id, progress=outcome.progress)
    _schedule_pretraining(job_id)


def _schedule_pretraining(job_id: uuid.UUID) -> None:
    """Images arrived: queue the project's backbone pre-training if it needs one (``backend.pretraining``)."""
    from backend.pretraining import service as pretraining

    with session_scope() as session:
        job = require(session, Job, job_id)
        project = session.get(Project, job.project_id) if job.project_id else None
        scheduled = pretraining.schedule(session, project) if project is not None else None
        session.commit()
        pretraining.dispatch(session, scheduled)
