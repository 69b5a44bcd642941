from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin
from backend.jobs.names import PRETRAIN_JOB
from backend.jobs.status import JobStatus

# At most one queued or running Genesis pre-training per project, whatever the number of imports racing to queue it
# (backend.pretraining.service checks first; this index decides when two imports commit at once).
_ONE_ACTIVE_PRETRAINING = text(f"kind = '{PRETRAIN_JOB}' AND status IN ('queued', 'running')")


class Job(IdMixin, CreatedMixin, Base):
    """A unit of worker execution; its state lives here, not in the worker's memory."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index(
            "ux_jobs_one_active_pretraining",
            "project_id",
            unique=True,
            postgresql_where=_ONE_ACTIVE_PRETRAINING,
            sqlite_where=_ONE_ACTIVE_PRETRAINING,
        ),
    )

    round_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    # Jobs that belong to a project but to no round (e.g. the simulated random-selection baseline).
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # A JobStatus; its moves are backend.jobs.lifecycle's (stored as text: no enum type in the schema).
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.queued.value, index=True)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # Durability (migration 0002): a running job's worker refreshes heartbeat_at; a stale one is re-queued.
    heartbeat_at: Mapped[datetime | None]
    max_attempts: Mapped[int] = mapped_column(default=3, server_default=text("3"))
    task_id: Mapped[str | None] = mapped_column(String(64))
    # What a job without a round of its own produced (e.g. a simulated learning curve).
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
