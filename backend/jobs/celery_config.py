"""The Celery app configuration used by both sides: the API sends tasks by name, the worker runs them.

With no ``BROKER_URL`` the app uses Celery's filesystem transport in a local folder: a real broker for a real
worker process, with no server to run, which is what the demo needs.
"""

from __future__ import annotations

from celery import Celery

from backend.core.config import Settings, get_settings
from backend.jobs.names import QUEUE_GPU, ROUTES
from backend.jobs.settings import job_settings


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("radloop")
    if settings.broker_url:
        app.conf.broker_url = settings.broker_url
        # Longer than the longest job, so Redis does not redeliver a task that is still running. A task of a
        # worker that died is picked up much sooner by the heartbeat sweep (backend.jobs.recovery).
        app.conf.broker_transport_options = {"visibility_timeout": job_settings().visibility_timeout_s}
    else:
        folder = settings.embedded_broker_dir / "queue"
        processed = settings.embedded_broker_dir / "processed"
        folder.mkdir(parents=True, exist_ok=True)
        processed.mkdir(parents=True, exist_ok=True)
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(processed),
            "store_processed": False,
            # The transport polls the folder; the default (1 s) would be most of a round's overhead.
            "polling_interval": 0.1,
        }
        # The filesystem transport has no broadcast channel for remote control.
        app.conf.worker_enable_remote_control = False
    app.conf.update(
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_routes=ROUTES,
        task_default_queue=QUEUE_GPU,
        broker_connection_retry_on_startup=True,
        # A broker restart must not end a worker: it keeps running its task and reconnects for ever.
        broker_connection_max_retries=None,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    return app
