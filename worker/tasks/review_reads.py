"""A reviewed case's agreement figures and consensus as a durable job on the ``cpu`` queue.

The thin adapter around ``backend.review.jobs.run_job``: claim, measure inside ``jobs.running`` (heartbeat,
failure), succeed. The job rewrites the same rows when run again, so a redelivered task is harmless.
"""

from __future__ import annotations

import logging
import uuid

from backend.jobs import lifecycle
from backend.jobs.names import REVIEW_READS
from backend.jobs.settings import job_settings
from backend.review.jobs import run_job
from worker.celery_app import app
from worker.tasks import jobs

log = logging.getLogger(__name__)


@app.task(
    name=REVIEW_READS,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def review_reads_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    if not lifecycle.claim(job_id):
        log.info("review_reads.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with jobs.running(job_id, label="review_reads", error_text=jobs.short_error):
        outcome = run_job(job_id)
        lifecycle.succeed(
            job_id, progress={"agreements": outcome.agreements, "consensus_version": outcome.consensus_version}
        )
