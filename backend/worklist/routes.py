from __future__ import annotations

from fastapi import APIRouter

from backend.deps import Annotator, SessionDep
from backend.worklist import service
from backend.worklist.schemas import QueueItem

router = APIRouter(prefix="/queue", tags=["queue"])


@router.get("", response_model=list[QueueItem])
def get_queue(session: SessionDep, user: Annotator) -> list[QueueItem]:
    """Suggested patients for the caller, most informative first, within the remaining budgets."""
    return service.queue_for(session, user)
