"""Creating a project and finding one by name (the CLI and the demo seed look projects up by name)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.budget.update import check_cost, check_currency, cost_details
from backend.core.errors import Conflict
from backend.models import Project, ProjectMember, User
from backend.models.project import DEFAULT_CURRENCY
from backend.models.user import Role
from backend.round import service as round_service


def get_by_name(session: Session, name: str) -> Project | None:
    return session.scalar(select(Project).where(Project.name == name))


def create(
    session: Session,
    *,
    name: str,
    modality: str,
    labels: list[dict[str, Any]],
    cost_per_patient_cents: int,
    budget_total_cents: int,
    strategy: str = "entropy",
    batch_size: int = 2,
    created_by: User | None = None,
    cost_mode: str = budget_service.FLAT,
    cost_per_slice_cents: int = 0,
    auto_publish: bool = True,
    cost_per_hour_cents: int = 0,
    deidentify: bool = True,
    currency: str = DEFAULT_CURRENCY,
    assign_radiologists: bool = False,
) -> Project:
    """A new project; a lead who creates it becomes its member (with ``assign_radiologists`` every active
    radiologist too), and the opening total is booked in the ledger."""
    if get_by_name(session, name) is not None:
        raise Conflict(f"A project named {name!r} already exists")
    project = Project(
        name=name,
        modality=modality,
        labels=labels,
        cost_per_patient_cents=cost_per_patient_cents,
        currency=check_currency(currency),
        cost_mode=check_cost(cost_mode, cost_per_slice_cents, cost_per_hour_cents),
        cost_per_slice_cents=cost_per_slice_cents,
        cost_per_hour_cents=cost_per_hour_cents,
        auto_publish=auto_publish,
        deidentify=deidentify,
        budget_total_cents=0,
        budget_spent_cents=0,
        strategy=round_service.check_strategy(strategy),
        batch_size=batch_size,
    )
    session.add(project)
    session.flush()
    budget_service.set_total(
        session, project=project, total_cents=budget_total_cents, user_id=created_by.id if created_by else None
    )
    readers: list[uuid.UUID] = []
    if assign_radiologists:
        readers = list(session.scalars(select(User.id).where(User.role == Role.radiologist, User.is_active)))
    for reader in readers:
        session.add(ProjectMember(project_id=project.id, user_id=reader))
    if created_by is not None:
        if created_by.role != Role.admin and created_by.id not in readers:
            session.add(ProjectMember(project_id=project.id, user_id=created_by.id))
        audit.record(
            session,
            user_id=created_by.id,
            action="project.create",
            target_type="project",
            target_id=project.id,
            details={
                "name": name,
                "total_cents": budget_total_cents,
                **cost_details(project),
                "auto_publish": auto_publish,
                "deidentify": deidentify,
                "readers": [str(reader) for reader in readers],
            },
        )
        session.flush()
    return project
