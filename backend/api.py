"""Every domain router under /api, in one list.

The order is the order of the OpenAPI document's paths; no two routers declare overlapping paths, so it decides
nothing about which handler answers a request.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from backend.admin.routes import lead_router as dashboard_router
from backend.admin.routes import router as admin_router
from backend.annotation.routes import router as annotation_router
from backend.auth.routes import router as auth_router
from backend.deps import SessionDep
from backend.draft.routes import router as draft_router
from backend.ops.routes import router as ops_router
from backend.pacs.routes import router as pacs_router
from backend.patient.routes import router as patient_router
from backend.pretraining.routes import router as pretraining_router
from backend.project.routes import router as project_router
from backend.reservation.routes import router as reservation_router
from backend.review.routes import router as review_router
from backend.round.routes import router as round_router
from backend.seg.routes import router as seg_router
from backend.simulation.routes import router as simulation_router
from backend.strategy.routes import router as strategy_router
from backend.worklist.routes import router as worklist_router

DOMAIN_ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    project_router,
    patient_router,
    annotation_router,
    round_router,
    worklist_router,
    review_router,
    reservation_router,
    draft_router,
    admin_router,
    dashboard_router,
    ops_router,
    pretraining_router,
    simulation_router,
    strategy_router,
    pacs_router,
    seg_router,
)

api_router = APIRouter(prefix="/api")


@api_router.get("/health", tags=["health"])
def health(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability; needs no login."""
    session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}


for router in DOMAIN_ROUTERS:
    api_router.include_router(router)
