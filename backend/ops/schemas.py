from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from backend.core.types import Stored
from backend.round.schemas import JobStatus
from backend.round.state import RoundStatus


class WorkerRead(BaseModel):
    name: str
    active_tasks: int
    active_job_ids: list[str]


class RunningJobRead(BaseModel):
    id: uuid.UUID
    kind: str
    status: Stored[JobStatus]
    round_id: uuid.UUID | None
    project_id: uuid.UUID | None
    round_number: int | None
    round_status: Stored[RoundStatus] | None
    attempts: int
    max_attempts: int
    worker: str | None
    started_at: datetime | None
    heartbeat_at: datetime | None
    heartbeat_age_s: float | None
    stale: bool
    progress: dict[str, Any]


class HealthRead(BaseModel):
    broker: str  # "redis" or "embedded"
    broker_ok: bool
    # Live workers answering Celery's inspect; None when the broker cannot tell (the embedded broker has no
    # broadcast channel): then ``jobs`` and their heartbeats are the evidence of live workers.
    workers: list[WorkerRead] | None
    workers_detail: str
    queues: dict[str, int]
    unacked: int | None
    jobs: list[RunningJobRead]
