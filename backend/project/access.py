"""Who may see a project: members see theirs, admins see every project."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import Forbidden, NotFound
from backend.models import Project, ProjectMember, User
from backend.models.user import Role


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
    """The project, or NotFound/Forbidden: every project-scoped route goes through this."""
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
