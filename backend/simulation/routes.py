from __future__ import annotations

import uuid

from fastapi import APIRouter

from backend.core.errors import NotFound
from backend.deps import LeadOrAdmin, SessionDep
from backend.jobs.enqueue import try_dispatch
from backend.jobs.names import SIMULATE_RANDOM
from backend.project import access as project_access
from backend.simulation import service
from backend.simulation.schemas import SimulationCreate, SimulationRead

router = APIRouter(tags=["simulations"])


@router.post(
    "/projects/{project_id}/simulations/random",
    response_model=SimulationRead,
    status_code=202,
    responses={409: {"description": "Already running, no finished round, or too little ground truth"}},
)
def start_random(
    project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin, body: SimulationCreate | None = None
) -> SimulationRead:
    """Simulate random selection at the sizes of the real label-efficiency curve; runs on a worker, returns at once."""
    project = project_access.get_for_user(session, project_id, user)
    job = service.start(session, project=project, user=user, seeds=(body or SimulationCreate()).seeds)
    session.commit()
    try_dispatch(session, SIMULATE_RANDOM, job.id)
    session.commit()
    session.refresh(job)
    return service.to_read(job)


@router.get("/projects/{project_id}/simulations/random", response_model=SimulationRead)
def get_random(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> SimulationRead:
    """The project's latest random-baseline job: status, progress and the points computed so far."""
    project_access.get_for_user(session, project_id, user)
    job = service.latest_job(session, project_id)
    if job is None:
        raise NotFound("No random-baseline simulation has been run for this project yet")
    return service.to_read(job)


@router.post(
    "/projects/{project_id}/simulations/random/cancel",
    response_model=SimulationRead,
    responses={409: {"description": "No simulation is queued or running"}},
)
def cancel_random(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> SimulationRead:
    """Stop the running baseline; a running worker stops at its next epoch and the points so far are kept."""
    project = project_access.get_for_user(session, project_id, user)
    job = service.cancel(session, project=project, user=user)
    session.commit()
    return service.to_read(job)
