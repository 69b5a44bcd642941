"""The Celery app configuration used by both sides: the API sends tasks by name, the worker runs them.

With no ``BROKER_URL`` the app uses Celery's filesystem transport in a local folder: a real broker for a real
worker process, with no server to run, which is what the demo needs.
"""

from __future__ import annotations

from celery import Celery

from backend.core.config import Settings, get_settings
from backend.jobs.names import QUEUE_GPU, ROUTES

# Longer than the longest training job, so Redis does not redeliver a task that is still running.
VISIBILITY_TIMEOUT_S = 6 * 3600


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("radloop")
    if settings.broker_url:
        app.conf.broker_url = settings.broker_url
        app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT_S}
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
    )
    return app
