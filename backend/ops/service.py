"""Worker, queue and job health: Celery inspect and the broker for the first two, the database for the last."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.db.base import utcnow
from backend.jobs.enqueue import client
from backend.jobs.lifecycle import is_active, looks_stale, stale_cutoff
from backend.jobs.names import QUEUES
from backend.models import Job, Round
from backend.ops.schemas import HealthRead, RunningJobRead, WorkerRead

log = logging.getLogger(__name__)

# kombu's Redis transport keeps a queue's messages of priority p > 0 under "<queue>\x06\x16<p>".
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (0, 3, 6, 9)
INSPECT_TIMEOUT_S = 1.0


def health(session: Session) -> HealthRead:
    settings = get_settings()
    jobs = running_jobs(session)
    if settings.broker_url:
        queues, unacked, broker_ok = _redis_queues(settings.broker_url)
        workers, detail = _inspect_workers() if broker_ok else (None, "the broker is unreachable")
        return HealthRead(
            broker="redis",
            broker_ok=broker_ok,
            workers=workers,
            workers_detail=detail,
            queues=queues,
            unacked=unacked,
            jobs=jobs,
        )
    return HealthRead(
        broker="embedded",
        broker_ok=True,
        workers=None,
        workers_detail="the embedded broker cannot inspect workers; see the running jobs' heartbeats",
        queues=_filesystem_queues(),
        unacked=None,
        jobs=jobs,
    )


def running_jobs(session: Session) -> list[RunningJobRead]:
    cutoff = stale_cutoff()
    now = utcnow()
    rows = session.execute(
        select(Job, Round).outerjoin(Round, Round.id == Job.round_id).where(is_active()).order_by(Job.created_at)
    )
    found = []
    for job, round_ in rows:
        beat = job.heartbeat_at
        found.append(
            RunningJobRead(
                id=job.id,
                kind=job.kind,
                status=job.status,
                round_id=job.round_id,
                project_id=round_.project_id if round_ is not None else job.project_id,
                round_number=round_.number if round_ is not None else None,
                round_status=round_.status if round_ is not None else None,
                attempts=job.attempts,
                max_attempts=job.max_attempts,
                worker=job.worker,
                started_at=job.started_at,
                heartbeat_at=beat,
                heartbeat_age_s=round((now - beat).total_seconds(), 1) if beat is not None else None,
                stale=looks_stale(job, cutoff),
                progress=dict(job.progress or {}),
            )
        )
    return found


def _redis_queues(url: str) -> tuple[dict[str, int], int | None, bool]:
    import redis

    connection = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        queues = {
            queue: sum(
                int(connection.llen(queue if step == 0 else f"{queue}{_PRIORITY_SEPARATOR}{step}"))
                for step in _PRIORITY_STEPS
            )
            for queue in QUEUES
        }
        unacked = int(connection.hlen("unacked"))
    except redis.RedisError as exc:
        log.warning("ops.health.redis_unreachable error=%s", exc)
        return dict.fromkeys(QUEUES, -1), None, False
    finally:
        connection.close()
    return queues, unacked, True


def _filesystem_queues() -> dict[str, int]:
    folder = get_settings().embedded_broker_dir / "queue"
    names = [path.name for path in folder.glob("*.msg")] if folder.is_dir() else []
    return {queue: sum(1 for name in names if name.endswith(f".{queue}.msg")) for queue in QUEUES}


def _inspect_workers() -> tuple[list[WorkerRead] | None, str]:
    try:
        active: dict[str, list[dict[str, Any]]] | None = client().control.inspect(timeout=INSPECT_TIMEOUT_S).active()
    except Exception as exc:
        log.warning("ops.health.inspect_failed error=%s", exc)
        return None, f"Celery inspect failed: {type(exc).__name__}"
    workers = [
        WorkerRead(
            name=name,
            active_tasks=len(tasks),
            active_job_ids=[str(task["args"][0]) for task in tasks if isinstance(task.get("args"), list | tuple)],
        )
        for name, tasks in sorted((active or {}).items())
    ]
    return workers, f"{len(workers)} worker(s) answered Celery inspect within {INSPECT_TIMEOUT_S:g} s"
