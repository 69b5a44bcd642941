from __future__ import annotations

import uuid

from fastapi import APIRouter

from backend.deps import CurrentUser, LeadOrAdmin, SessionDep
from backend.project import service
from backend.project.schemas import BudgetUpdate, ProjectRead, SettingsUpdate, to_cents

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("", response_model=list[ProjectRead])
def list_projects(session: SessionDep, user: CurrentUser) -> list[ProjectRead]:
    """Projects the caller can see (admins see all)."""
    return [service.to_read(session, project) for project in service.list_for_user(session, user)]


@router.get("/{project_id}", response_model=ProjectRead)
def get_project(project_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ProjectRead:
    """One project with its budget, counts and running round."""
    return service.to_read(session, service.get_for_user(session, project_id, user))


@router.patch("/{project_id}/budget", response_model=ProjectRead)
def update_budget(project_id: uuid.UUID, body: BudgetUpdate, session: SessionDep, user: LeadOrAdmin) -> ProjectRead:
    """Set the cost per patient and/or the total budget; every change is written to the ledger."""
    project = service.get_for_user(session, project_id, user)
    service.update_budget(
        session,
        project=project,
        user=user,
        cost_per_patient_cents=to_cents(body.cost_per_patient) if body.cost_per_patient is not None else None,
        total_cents=to_cents(body.budget_total) if body.budget_total is not None else None,
    )
    session.commit()
    return service.to_read(session, project)


@router.patch("/{project_id}/settings", response_model=ProjectRead)
def update_settings(project_id: uuid.UUID, body: SettingsUpdate, session: SessionDep, user: LeadOrAdmin) -> ProjectRead:
    """Choose the strategy and batch size of the next round."""
    project = service.get_for_user(session, project_id, user)
    service.update_settings(session, project=project, user=user, strategy=body.strategy, batch_size=body.batch_size)
    session.commit()
    return service.to_read(session, project)
