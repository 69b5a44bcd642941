"""The worker's Celery app: the shared configuration, the task modules, and the recovery sweep.

torch is imported inside the task bodies, never here, so a prefork parent never initialises CUDA.

One worker process per GPU: start one ``celery worker`` per device, pinned with ``CUDA_VISIBLE_DEVICES`` and
consuming the ``gpu`` queue with the solo pool (or ``--concurrency=1``), e.g.::

    CUDA_VISIBLE_DEVICES=0 celery -A worker.celery_app worker -Q gpu --pool=solo -n gpu0@%h
    CUDA_VISIBLE_DEVICES=1 celery -A worker.celery_app worker -Q gpu --pool=solo -n gpu1@%h
    celery -A worker.celery_app worker -Q cpu --concurrency=4 -n cpu@%h

Every worker runs the heartbeat sweep (``backend.jobs.recovery``) at start and every ``JOB_SWEEP_INTERVAL_S``
seconds in a daemon thread, so the job of a worker that died is re-queued within ``JOB_STALE_AFTER_S``. A job's
states and moves are ``backend.jobs.lifecycle``'s; ``include`` lists one module per job kind.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery.signals import worker_ready, worker_shutdown

from backend.core.config import ConfigurationError
from backend.core.logging import configure_logging
from backend.jobs.celery_config import make_celery
from backend.jobs.settings import job_settings

configure_logging()
try:
    app = make_celery()
except ConfigurationError as error:  # e.g. production without SECRET_KEY: one line, not a traceback
    raise SystemExit(f"Radloop worker refuses to start: {error}") from None
app.conf.include = [
    "worker.tasks.round",
    "worker.tasks.simulation",
    "worker.tasks.pacs_import",
    "worker.tasks.seg_send",
    "worker.tasks.genesis",
    "worker.tasks.review_reads",
]

log = logging.getLogger(__name__)
_stop_sweeping = threading.Event()


def _sweep_forever(interval_s: float) -> None:
    from backend.jobs.recovery import sweep

    while True:
        try:
            sweep()
        except Exception:  # the database may be restarting: try again next round
            log.warning("jobs.sweep.failed", exc_info=True)
        if _stop_sweeping.wait(interval_s):
            return


@worker_ready.connect
def start_recovery_sweep(**_: Any) -> None:
    interval = job_settings().sweep_interval_s
    threading.Thread(target=_sweep_forever, args=(interval,), name="job-sweep", daemon=True).start()
    log.info("jobs.sweep.started interval_s=%s stale_after_s=%s", interval, job_settings().stale_after_s)


@worker_shutdown.connect
def stop_recovery_sweep(**_: Any) -> None:
    _stop_sweeping.set()
