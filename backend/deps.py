"""Request dependencies: the DB session and the authenticated user with role checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.errors import Forbidden, Unauthorized
from backend.core.security import decode_token
from backend.db.session import get_session
from backend.models import User
from backend.models.user import Role

COOKIE_NAME = "radloop_session"

SessionDep = Annotated[Session, Depends(get_session)]


def current_user(request: Request, session: SessionDep) -> User:
    token = request.cookies.get(COOKIE_NAME)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
    if not token:
        raise Unauthorized("Not logged in")
    user_id = decode_token(token, get_settings().resolved_secret_key())
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise Unauthorized("Account not found or deactivated")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[User], User]:
    allowed = {str(role) for role in roles}

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"This action needs one of the roles: {', '.join(sorted(allowed))}")
        return user

    return check


LeadOrAdmin = Annotated[User, Depends(require_role(Role.lead, Role.admin))]
Annotator = Annotated[User, Depends(require_role(Role.radiologist, Role.lead))]
Admin = Annotated[User, Depends(require_role(Role.admin))]
