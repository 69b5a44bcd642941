"""Send tasks to the worker by name, so the API never imports the worker (or torch)."""

from __future__ import annotations

import logging
from functools import lru_cache

from celery import Celery

from backend.jobs.celery_config import make_celery

log = logging.getLogger(__name__)


@lru_cache
def client() -> Celery:
    return make_celery()


def enqueue(task_name: str, *args: str) -> None:
    client().send_task(task_name, args=list(args))
    log.info("job.enqueued task=%s args=%s", task_name, args)
