"""The worker's Celery app: the shared configuration plus the task modules.

torch is imported inside the task bodies, never here, so a prefork parent never initialises CUDA.
"""

from __future__ import annotations

from backend.core.logging import configure_logging
from backend.jobs.celery_config import make_celery

configure_logging()
app = make_celery()
app.conf.include = ["worker.tasks.round"]
