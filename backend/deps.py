"""Request dependencies: the DB session and the authenticated user with role checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from backend.auth import sessions
from backend.auth.service import Client
from backend.core.errors import Forbidden, Unauthorized
from backend.db.session import get_session
from backend.models import AuthSession, User
from backend.models.user import Role

COOKIE_NAME = "radloop_session"

SessionDep = Annotated[Session, Depends(get_session)]


def current_user(request: Request, session: SessionDep) -> User:
    """The user of the request's live server-side session (cookie or bearer token); 401 otherwise."""
    token = request.cookies.get(COOKIE_NAME)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
    if not token:
        raise Unauthorized("Not logged in")
    user, auth_session = sessions.authenticate(session, token)
    request.state.auth_session = auth_session
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The request's user as ``current_user`` finds it, or None where that would answer 401 (no session, or an
    ended one): for the one route that asks whether anyone is logged in."""
    try:
        return current_user(request, session)
    except Unauthorized:
        return None


OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_session(request: Request, _user: CurrentUser) -> AuthSession:
    """The session row the request authenticated with (for logout and "my sessions")."""
    found: AuthSession = request.state.auth_session
    return found


CurrentSession = Annotated[AuthSession, Depends(current_session)]


def client_of(request: Request) -> Client:
    """The caller's address and browser; behind a reverse proxy uvicorn must trust its forwarded headers."""
    return Client(
        address=request.client.host if request.client else "unknown",
        user_agent=request.headers.get("user-agent"),
    )


RequestClient = Annotated[Client, Depends(client_of)]


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
