from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core.errors import Conflict, Forbidden, NotFound
from backend.models import Patient, Project, ProjectMember, Score, User
from backend.models.patient import PatientStatus, Split
from backend.models.user import Role
from backend.project.schemas import ProjectCounts, ProjectRead, from_cents
from backend.round import service as round_service


def is_member(session: Session, project_id: uuid.UUID, user: User) -> bool:
    if user.role == Role.admin:
        return True
    return (
        session.scalar(
            select(ProjectMember.id).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user.id)
        )
        is not None
    )


def get_for_user(session: Session, project_id: uuid.UUID, user: User) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} not found")
    if not is_member(session, project_id, user):
        raise Forbidden("You are not a member of this project")
    return project


def list_for_user(session: Session, user: User) -> list[Project]:
    query = select(Project).order_by(Project.created_at)
    if user.role != Role.admin:
        query = query.join(ProjectMember, ProjectMember.project_id == Project.id).where(
            ProjectMember.user_id == user.id
        )
    return list(session.scalars(query))


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
) -> Project:
    if get_by_name(session, name) is not None:
        raise Conflict(f"A project named {name!r} already exists")
    project = Project(
        name=name,
        modality=modality,
        labels=labels,
        cost_per_patient_cents=cost_per_patient_cents,
        budget_total_cents=0,
        budget_spent_cents=0,
        strategy=round_service.check_strategy(strategy),
        batch_size=batch_size,
    )
    session.add(project)
    session.flush()
    budget_service.set_total(session, project=project, total_cents=budget_total_cents, user_id=None)
    return project


def add_member(session: Session, *, project: Project, user: User) -> None:
    if not is_member(session, project.id, user) or user.role == Role.admin:
        exists = session.scalar(
            select(ProjectMember.id).where(ProjectMember.project_id == project.id, ProjectMember.user_id == user.id)
        )
        if exists is None:
            session.add(ProjectMember(project_id=project.id, user_id=user.id))
            session.flush()


def update_budget(
    session: Session, *, project: Project, user: User, cost_per_patient_cents: int | None, total_cents: int | None
) -> Project:
    before = {"cost": project.cost_per_patient_cents, "total": project.budget_total_cents}
    if cost_per_patient_cents is not None:
        project.cost_per_patient_cents = cost_per_patient_cents
    if total_cents is not None:
        budget_service.set_total(session, project=project, total_cents=total_cents, user_id=user.id)
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.budget.update",
        target_type="project",
        target_id=project.id,
        details={"before": before, "after": {"cost": project.cost_per_patient_cents, "total": total_cents}},
    )
    return project


def update_settings(
    session: Session, *, project: Project, user: User, strategy: str | None, batch_size: int | None
) -> Project:
    if strategy is not None:
        project.strategy = round_service.check_strategy(strategy)
    if batch_size is not None:
        project.batch_size = batch_size
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.settings.update",
        target_type="project",
        target_id=project.id,
        details={"strategy": project.strategy, "batch_size": project.batch_size},
    )
    return project


def counts(session: Session, project: Project) -> ProjectCounts:
    rows = session.execute(
        select(Patient.split, Patient.status, func.count())
        .where(Patient.project_id == project.id)
        .group_by(Patient.split, Patient.status)
    ).all()
    total = sum(n for _, _, n in rows)
    validation = sum(n for split, _, n in rows if split == Split.validation)
    annotated = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.annotated)
    unlabeled = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.unlabeled)
    queued = 0
    current = round_service.open_round(session, project.id)
    if current is not None:
        queued = (
            session.scalar(
                select(func.count())
                .select_from(Score)
                .join(Patient, Patient.id == Score.patient_id)
                .where(Score.round_id == current.id, Score.selected, Patient.status == PatientStatus.unlabeled)
            )
            or 0
        )
    return ProjectCounts(patients=total, annotated=annotated, unlabeled=unlabeled, validation=validation, queued=queued)


def to_read(session: Session, project: Project) -> ProjectRead:
    active = round_service.active_round(session, project.id)
    return ProjectRead(
        id=project.id,
        name=project.name,
        modality=project.modality,
        labels=project.labels,  # type: ignore[arg-type]
        cost_per_patient=from_cents(project.cost_per_patient_cents),
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        strategy=project.strategy,
        batch_size=project.batch_size,
        counts=counts(session, project),
        active_round=round_service.to_read(session, active) if active is not None else None,
    )
