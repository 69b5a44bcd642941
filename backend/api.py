"""Every domain router under /api."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from backend.annotation.routes import router as annotation_router
from backend.auth.routes import router as auth_router
from backend.deps import SessionDep
from backend.patient.routes import router as patient_router
from backend.project.routes import router as project_router
from backend.round.routes import router as round_router
from backend.worklist.routes import router as worklist_router

api_router = APIRouter(prefix="/api")


@api_router.get("/health", tags=["health"])
def health(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability; needs no login."""
    session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}


for router in (auth_router, project_router, patient_router, annotation_router, round_router, worklist_router):
    api_router.include_router(router)
