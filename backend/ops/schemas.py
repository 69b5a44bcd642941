from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, NonNegativeInt, PositiveInt

from backend.core.types import Stored
from backend.jobs.status import JobStatus
from backend.round.state import RoundStatus


class Broker(StrEnum):
    """Where jobs wait: Redis (``BROKER_URL`` set) or the embedded file broker of a single-machine install."""

    redis = "redis"
    embedded = "embedded"


class WorkerRead(BaseModel):
    name: str
    active_tasks: NonNegativeInt
    active_job_ids: list[str]


class RunningJobRead(BaseModel):
    id: uuid.UUID
    kind: str
    status: Stored[JobStatus]
    round_id: uuid.UUID | None
    project_id: uuid.UUID | None
    round_number: PositiveInt | None
    round_status: Stored[RoundStatus] | None
    attempts: NonNegativeInt
    max_attempts: NonNegativeInt
    worker: str | None
    started_at: datetime | None
    heartbeat_at: datetime | None
    heartbeat_age_s: float | None
    stale: bool
    progress: dict[str, Any]


class HealthRead(BaseModel):
    broker: Stored[Broker]
    broker_ok: bool
    # Live workers answering Celery's inspect; None when the broker cannot tell (the embedded broker has no
    # broadcast channel): then ``jobs`` and their heartbeats are the evidence of live workers.
    workers: list[WorkerRead] | None
    workers_detail: str
    queues: dict[str, NonNegativeInt]
    unacked: NonNegativeInt | None
    jobs: list[RunningJobRead]
