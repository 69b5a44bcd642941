from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import Conflict
from backend.core.security import hash_password
from backend.models import User
from backend.models.user import Role
from backend.user import password_policy


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create(session: Session, *, username: str, password: str, role: Role) -> User:
    password_policy.check(password, username=username)
    if get_by_username(session, username) is not None:
        raise Conflict(f"User {username!r} already exists")
    user = User(username=username, password_hash=hash_password(password), role=str(role))
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Store a new password (checked against the policy); revoking sessions is the caller's decision."""
    password_policy.check(password, username=user.username)
    user.password_hash = hash_password(password)
    session.flush()
