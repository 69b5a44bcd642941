from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import BadInput, Conflict
from backend.core.security import hash_password
from backend.models import User
from backend.models.user import Role


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create(session: Session, *, username: str, password: str, role: Role) -> User:
    if len(password) < 8:
        raise BadInput("Passwords need at least 8 characters")
    if get_by_username(session, username) is not None:
        raise Conflict(f"User {username!r} already exists")
    user = User(username=username, password_hash=hash_password(password), role=str(role))
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    session.flush()
