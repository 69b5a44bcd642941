from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.auth import service, sessions
from backend.auth.schemas import (
    LoginRequest,
    LoginResponse,
    PasswordChange,
    PasswordChanged,
    SessionRead,
    SessionState,
    UserRead,
)
from backend.core.config import get_settings
from backend.deps import COOKIE_NAME, CurrentSession, CurrentUser, OptionalUser, RequestClient, SessionDep
from backend.models import User
from backend.review import access as review_access
from backend.review import service as review_service

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=LoginResponse)
def login(body: LoginRequest, response: Response, session: SessionDep, client: RequestClient) -> LoginResponse:
    """Log in with username and password; returns a bearer token and sets a session cookie.

    Repeated failures for one account or from one address are answered 429 with ``Retry-After``.
    """
    try:
        result = service.login(session, username=body.username, password=body.password, client=client)
    except service.RecordedFailure:
        session.commit()  # the failure counts and is audited even though the login is refused
        raise
    session.commit()
    settings = get_settings()
    response.set_cookie(
        COOKIE_NAME,
        result.token,
        max_age=settings.token_ttl_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    return LoginResponse(
        access_token=result.token, expires_at=result.session.expires_at, user=UserRead.model_validate(result.user)
    )


@router.post("/logout", status_code=204)
def logout(response: Response, session: SessionDep, user: CurrentUser, current: CurrentSession) -> Response:
    """End this session on the server (its token stops working at once) and clear the session cookie."""
    service.logout(session, user=user, current=current)
    session.commit()
    response.delete_cookie(COOKIE_NAME)
    response.status_code = 204
    return response


@router.post(
    "/password",
    response_model=PasswordChanged,
    # A wrong current password counts as a failed login, so this route is throttled like /login.
    responses={429: {"description": "Too many failed password checks; retry after Retry-After seconds"}},
)
def change_password(
    body: PasswordChange, session: SessionDep, user: CurrentUser, current: CurrentSession, client: RequestClient
) -> PasswordChanged:
    """Change your own password (the current one is required); every other session of yours ends."""
    try:
        ended = service.change_own_password(
            session,
            user=user,
            current=current,
            current_password=body.current_password,
            new_password=body.new_password,
            client=client,
        )
    except service.RecordedFailure:
        session.commit()
        raise
    session.commit()
    return PasswordChanged(sessions_ended=ended)


@router.get("/sessions", response_model=list[SessionRead])
def my_sessions(session: SessionDep, user: CurrentUser, current: CurrentSession) -> list[SessionRead]:
    """Your live sessions (where and when you are logged in), newest first."""
    return [
        SessionRead(
            id=row.id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_seen_at=row.last_seen_at,
            user_agent=row.user_agent,
            client_address=row.client_address,
            current=row.id == current.id,
        )
        for row in sessions.list_active(session, user.id)
    ]


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> User:
    """The logged-in user (401 when there is none; a browser asking whether anyone is logged in uses /session)."""
    return user


@router.get("/session", response_model=SessionState)
def session_state(request: Request, response: Response, user: OptionalUser, session: SessionDep) -> SessionState:
    """Whether anyone is logged in with this request's cookie or token, and who: ``user`` null otherwise.

    The web app asks this before it shows anything, logged in or not, so an anonymous visitor is an answer here,
    not a 401 the browser would log as a failed resource. A cookie that no longer opens a session is cleared."""
    if user is None and request.cookies.get(COOKIE_NAME):
        response.delete_cookie(COOKIE_NAME)
    response.headers["Cache-Control"] = "no-store"
    if user is None:
        return SessionState(user=None)
    projects = review_access.reviewable_project_ids(session, user)
    pending = review_service.pending_count(session, projects, user) if projects else 0
    return SessionState(user=UserRead.model_validate(user), reviews=bool(projects), pending_reviews=pending)
