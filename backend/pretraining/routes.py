from __future__ import annotations

import uuid

from fastapi import APIRouter

from backend.deps import LeadOrAdmin, SessionDep
from backend.pretraining import service
from backend.pretraining.schemas import PretrainingRead
from backend.project import access as project_access

router = APIRouter(tags=["rounds"])


@router.get("/projects/{project_id}/pretraining", response_model=PretrainingRead | None)
def get_pretraining(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> PretrainingRead | None:
    """The latest background pre-training of the project's Models Genesis backbone (queued at import), or null when
    none was queued: a project whose backbone came from its first round, or one with Genesis off."""
    project_access.get_for_user(session, project_id, user)
    job = service.latest_job(session, project_id)
    if job is None:
        return None
    return PretrainingRead(
        id=job.id,
        status=job.status,
        progress=dict(job.progress or {}),
        steps=int((job.config or {}).get("genesis_steps", 0)),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=job.error,
    )
