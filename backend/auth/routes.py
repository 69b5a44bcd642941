from __future__ import annotations

from fastapi import APIRouter, Response

from backend.auth import service
from backend.auth.schemas import LoginRequest, LoginResponse, UserRead
from backend.core.config import get_settings
from backend.deps import COOKIE_NAME, CurrentUser, SessionDep
from backend.models import User

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=LoginResponse)
def login(body: LoginRequest, response: Response, session: SessionDep) -> LoginResponse:
    """Log in with username and password; returns a bearer token and sets a session cookie."""
    user, token, expires_at = service.login(session, username=body.username, password=body.password)
    session.commit()
    settings = get_settings()
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=settings.token_ttl_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    return LoginResponse(access_token=token, expires_at=expires_at, user=UserRead.model_validate(user))


@router.post("/logout", status_code=204)
def logout(response: Response, _user: CurrentUser) -> Response:
    """Clear the session cookie."""
    response.delete_cookie(COOKIE_NAME)
    response.status_code = 204
    return response


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> User:
    """The logged-in user."""
    return user
