from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, NonNegativeInt


class DraftRead(BaseModel):
    patient_id: uuid.UUID
    sha256: str
    size_bytes: NonNegativeInt
    time_spent_s: float | None
    updated_at: datetime
