"""Server-side login sessions and failed-login records (migration 0008).

A token is only a signed pointer to a ``sessions`` row: revoking the row ends the token at once, whatever its
``exp`` says. Failed logins are rows too, so every API process sees the same counters.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin, utcnow

USER_AGENT_MAX = 256
ADDRESS_MAX = 64
USERNAME_MAX = 64


class AuthSession(IdMixin, CreatedMixin, Base):
    """One login. The token's ``sid`` is this row's primary key, so checking a request is one primary-key read."""

    __tablename__ = "sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX))
    client_address: Mapped[str | None] = mapped_column(String(ADDRESS_MAX))


class LoginFailure(IdMixin, CreatedMixin, Base):
    """One failed login; counted per attempted username and per client address within the throttle window."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_created_at", "username", "created_at"),
        Index("ix_login_failures_client_address_created_at", "client_address", "created_at"),
    )

    username: Mapped[str] = mapped_column(String(USERNAME_MAX))
    client_address: Mapped[str] = mapped_column(String(ADDRESS_MAX))
