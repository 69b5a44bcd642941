from __future__ import annotations

from fastapi import APIRouter

from backend.deps import Admin, SessionDep
from backend.ops import service
from backend.ops.schemas import HealthRead

router = APIRouter(prefix="/admin", tags=["ops"])


@router.get("/health", response_model=HealthRead)
def admin_health(session: SessionDep, _: Admin) -> HealthRead:
    """Live workers (Celery inspect, with Redis), queue lengths, and queued or running jobs from the database."""
    return service.health(session)
