from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, NonNegativeInt

from backend.core.types import Stored
from backend.jobs.status import JobStatus


class PretrainingRead(BaseModel):
    """The project's latest backbone pre-training job, for the lead's progress bar before the first round."""

    id: uuid.UUID
    status: Stored[JobStatus]
    # ``stage``, ``percent``, ``step``/``steps``, ``images`` while it runs; ``model_version_id`` once done.
    progress: dict[str, Any]
    steps: NonNegativeInt
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
