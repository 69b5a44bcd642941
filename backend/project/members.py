"""A project's readers: who is assigned, with which quota, and how far each has got."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput
from backend.models import Project, ProjectMember, User
from backend.models.user import Role
from backend.project.access import is_member
from backend.project.quotas import annotated_by
from backend.project.schemas import MemberAssignment, MemberRead


def add_member(session: Session, *, project: Project, user: User) -> None:
    """Assign ``user`` without a quota; idempotent (the CLI and the demo seed call it again on reruns)."""
    if not is_member(session, project.id, user) or user.role == Role.admin:
        exists = session.scalar(
            select(ProjectMember.id).where(ProjectMember.project_id == project.id, ProjectMember.user_id == user.id)
        )
        if exists is None:
            session.add(ProjectMember(project_id=project.id, user_id=user.id))
            session.flush()


def list_members(session: Session, project: Project) -> list[MemberRead]:
    done = annotated_by(session, project.id)
    rows = session.execute(
        select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id)
        .order_by(User.username)
    ).all()
    return [
        MemberRead(
            user_id=user.id,
            username=user.username,
            role=user.role,
            quota=member.quota,
            annotated=done.get(user.id, 0),
            is_reviewer=member.is_reviewer,
        )
        for member, user in rows
    ]


def set_members(session: Session, *, project: Project, user: User, assignments: list[MemberAssignment]) -> None:
    """Replace the project's readers and their quotas. The caller stays a member (a lead cannot lock themself out)."""
    wanted = {a.user_id: a.quota for a in assignments}
    reviewers = {a.user_id for a in assignments if a.is_reviewer}
    if len(wanted) != len(assignments):
        raise BadInput("Each user may appear only once")
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(wanted))))}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise BadInput(f"Unknown users: {', '.join(missing)}")
    admins = [u.username for u in found.values() if u.role == Role.admin]
    if admins:
        raise BadInput(f"Admins see every project and are not assigned: {', '.join(admins)}")
    inactive = [u.username for u in found.values() if not u.is_active]
    if inactive:
        raise BadInput(f"Deactivated users cannot be assigned: {', '.join(inactive)}")
    if user.role != Role.admin and user.id not in wanted:
        raise BadInput("You cannot remove yourself from the project")
    current = {
        m.user_id: m for m in session.scalars(select(ProjectMember).where(ProjectMember.project_id == project.id))
    }
    for user_id, member in current.items():
        if user_id not in wanted:
            session.delete(member)
    for user_id, quota in wanted.items():
        if user_id in current:
            current[user_id].quota = quota
            current[user_id].is_reviewer = user_id in reviewers
        else:
            session.add(
                ProjectMember(project_id=project.id, user_id=user_id, quota=quota, is_reviewer=user_id in reviewers)
            )
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.members.update",
        target_type="project",
        target_id=project.id,
        details={
            "members": {found[i].username: q for i, q in wanted.items()},
            "reviewers": sorted(found[i].username for i in reviewers),
        },
    )
