from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.config import get_settings
from backend.core.errors import Unauthorized
from backend.core.security import create_token, verify_password
from backend.models import User
from backend.user import service as user_service


def login(session: Session, *, username: str, password: str) -> tuple[User, str, datetime]:
    user = user_service.get_by_username(session, username)
    valid = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        raise Unauthorized("Wrong username or password")
    settings = get_settings()
    token, expires_at = create_token(user.id, settings.resolved_secret_key(), settings.token_ttl_minutes)
    audit.record(session, user_id=user.id, action="auth.login", target_type="user", target_id=user.id)
    return user, token, expires_at
