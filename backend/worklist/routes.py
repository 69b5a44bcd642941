from __future__ import annotations

from fastapi import APIRouter, Query

from backend.deps import Annotator, SessionDep
from backend.worklist import service
from backend.worklist.schemas import QueueItem

router = APIRouter(prefix="/queue", tags=["queue"])


@router.get("", response_model=list[QueueItem])
def get_queue(
    session: SessionDep,
    user: Annotator,
    limit: int = Query(
        default=service.QUEUE_LIMIT, ge=1, le=service.MAX_QUEUE_LIMIT, description="suggestions per project, at most"
    ),
) -> list[QueueItem]:
    """Suggested patients for the caller, most informative first, within the remaining budgets: the first ``limit``
    of each project."""
    return service.queue_for(session, user, limit=limit)
