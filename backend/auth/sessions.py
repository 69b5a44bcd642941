"""Server-side sessions: a login creates a row, the token names it, and ending the row ends the token.

Revocation points: logout (that session), an admin password reset, deactivation and role change (every session of
the account), a user's own password change (every other session). A revoked row is never revived, so re-activating
an account does not bring its old tokens back.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.errors import Unauthorized
from backend.core.security import create_token, decode_token
from backend.models import AuthSession, User
from backend.models.session import ADDRESS_MAX, USER_AGENT_MAX

# last_seen_at is refreshed at most this often, so an active session costs one write a minute, not one a request.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def _clip(value: str | None, limit: int) -> str | None:
    return value.replace("\x00", "?")[:limit] if value else None


def start(
    session: Session, user: User, *, user_agent: str | None, client_address: str | None
) -> tuple[AuthSession, str]:
    """Open a session for ``user``; returns the row and its signed token."""
    settings = get_settings()
    now = datetime.now(UTC)
    row = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(minutes=settings.token_ttl_minutes),
        user_agent=_clip(user_agent, USER_AGENT_MAX),
        client_address=_clip(client_address, ADDRESS_MAX),
    )
    session.add(row)
    session.flush()
    token = create_token(
        user_id=user.id,
        session_id=row.id,
        secret=settings.resolved_secret_key(),
        issued_at=now,
        expires_at=row.expires_at,
    )
    return row, token


def authenticate(session: Session, token: str) -> tuple[User, AuthSession]:
    """The user and session a token stands for: one primary-key read of the session joined with its user."""
    claims = decode_token(token, get_settings().resolved_secret_key())
    found = session.execute(
        select(AuthSession, User).join(User, User.id == AuthSession.user_id).where(AuthSession.id == claims.session_id)
    ).one_or_none()
    if found is None:
        raise Unauthorized("Session expired or invalid; please log in again")
    row, user = found
    if row.user_id != claims.user_id:
        raise Unauthorized("Session expired or invalid; please log in again")
    if row.revoked_at is not None:
        raise Unauthorized("This session has ended (logged out or revoked); please log in again")
    now = datetime.now(UTC)
    if row.expires_at <= now:
        raise Unauthorized("Session expired; please log in again")
    if not user.is_active:
        raise Unauthorized("Account not found or deactivated")
    if now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
        session.commit()
    return user, row


def revoke(session: Session, row: AuthSession) -> None:
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        session.flush()


def revoke_all(session: Session, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> int:
    """End every live session of the user (but ``keep``); returns how many were ended."""
    query = update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(AuthSession.id != keep)
    result = session.execute(query.values(revoked_at=datetime.now(UTC)))
    return int(getattr(result, "rowcount", 0) or 0)


def list_active(session: Session, user_id: uuid.UUID) -> list[AuthSession]:
    now = datetime.now(UTC)
    return list(
        session.scalars(
            select(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
            .order_by(AuthSession.created_at.desc())
        )
    )
