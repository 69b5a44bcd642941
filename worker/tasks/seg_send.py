"""Storing a patient's DICOM SEG in the project's PACS as a durable job on the ``cpu`` queue (send_on_accept).

The thin adapter around ``backend.seg.service.run_send_job``: claim, send inside ``jobs.running`` (heartbeat,
failure), succeed. Sending is idempotent (the SEG's UIDs derive from the annotation), so a redelivered task or a
retry after a lost worker stores the same instance again instead of a second one.
"""

from __future__ import annotations

import logging
import uuid

from backend.jobs import lifecycle
from backend.jobs.names import SEG_SEND
from backend.jobs.settings import job_settings
from backend.seg.service import run_send_job
from worker.celery_app import app
from worker.tasks import jobs

log = logging.getLogger(__name__)


@app.task(
    name=SEG_SEND,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def seg_send_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    if not lifecycle.claim(job_id):
        log.info("seg_send.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with jobs.running(job_id, label="seg_send", error_text=jobs.short_error):
        delivery = run_send_job(job_id)
        lifecycle.succeed(job_id, progress={"sop_instance_uid": delivery.sop_instance_uid, "created": delivery.created})
