from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Response

from backend.admin import service
from backend.admin.schemas import (
    AuditEventRead,
    AuditPage,
    Dashboard,
    PasswordReset,
    UserAdminRead,
    UserBrief,
    UserCreate,
    UserUpdate,
)
from backend.audit import service as audit
from backend.core.errors import BadInput
from backend.core.types import IsoDateTime, Offset, SafeText
from backend.deps import Admin, LeadOrAdmin, SessionDep
from backend.models import User
from backend.project import access as project_access
from backend.user import service as user_service

router = APIRouter(prefix="/admin", tags=["admin"])
lead_router = APIRouter(tags=["dashboard"])


@router.get("/users", response_model=list[UserAdminRead])
def list_users(session: SessionDep, _admin: Admin) -> list[User]:
    """Every account with its role and whether it is active."""
    return service.list_users(session)


@router.post("/users", response_model=UserAdminRead, status_code=201)
def create_user(body: UserCreate, session: SessionDep, admin: Admin) -> User:
    """Create an account with an initial password (the password policy: at least 12 characters, not common, not
    built from the username)."""
    user = service.create_user(session, actor=admin, username=body.username, password=body.password, role=body.role)
    session.commit()
    return user


@router.patch("/users/{user_id}", response_model=UserAdminRead)
def update_user(user_id: uuid.UUID, body: UserUpdate, session: SessionDep, admin: Admin) -> User:
    """Change the role or deactivate / reactivate an account; either ends every session of the account."""
    user = service.get_user(session, user_id)
    service.update_user(session, actor=admin, user=user, role=body.role, is_active=body.is_active)
    session.commit()
    return user


@router.post("/users/{user_id}/password", status_code=204)
def reset_password(user_id: uuid.UUID, body: PasswordReset, session: SessionDep, admin: Admin) -> Response:
    """Set a new password for the account (password policy applies) and end every session of the account."""
    user = service.get_user(session, user_id)
    service.reset_password(session, actor=admin, user=user, password=body.password)
    session.commit()
    return Response(status_code=204)


@router.get("/audit", response_model=AuditPage)
def audit_log(
    session: SessionDep,
    _admin: Admin,
    user: SafeText | None = Query(default=None, max_length=64, description="username of the actor"),
    action: SafeText | None = Query(default=None, max_length=64, description="an action or a prefix such as project"),
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
    project_id: uuid.UUID | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: Offset = 0,
) -> AuditPage:
    """Who viewed, edited, submitted, exported or changed what, newest first; every filter is optional."""
    if since is not None and until is not None and since >= until:
        raise BadInput("since must be before until")
    user_id = None
    if user:
        found = user_service.get_by_username(session, user)
        if found is None:
            raise BadInput(f"No user {user!r}")
        user_id = found.id
    total, rows = audit.search(
        session,
        user_id=user_id,
        action=action,
        since=since,
        until=until,
        project_id=project_id,
        limit=limit,
        offset=offset,
    )
    events = [
        AuditEventRead(
            id=event.id,
            created_at=event.created_at,
            user=username,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            details=event.details or {},
        )
        for event, username in rows
    ]
    return AuditPage(total=total, events=events, actions=audit.actions(session))


@lead_router.get("/users", response_model=list[UserBrief])
def list_assignable(session: SessionDep, _user: LeadOrAdmin) -> list[UserBrief]:
    """Active readers (radiologists and leads) a project lead can assign."""
    return [
        UserBrief(id=u.id, username=u.username, role=u.role)
        for u in service.list_users(session)
        if u.is_active and u.role != "admin"
    ]


@lead_router.get("/projects/{project_id}/dashboard", response_model=Dashboard)
def project_dashboard(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> Dashboard:
    """Rounds timeline, validation Dice per label, label-efficiency curve (with the simulated random baseline and
    its latest job), uncertainty histograms, throughput."""
    return service.dashboard(session, project_access.get_for_user(session, project_id, user))
