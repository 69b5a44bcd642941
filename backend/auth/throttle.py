"""Login throttling by account and by client address, kept in the database so every API process shares it.

Each failed login is a ``login_failures`` row. Once an account (the attempted username) or a client address has
``login_max_failures`` (per address: ``login_max_failures_per_address``) failures within ``login_window_s``, further
attempts are refused with 429 until 2^n seconds after the last failure (n = failures beyond the limit + 1, at most
``login_lockout_max_s``), so guessing slows down exponentially while a mistyping user waits seconds. A successful
login clears the account's failures. Attempts refused while locked are neither checked nor counted, so they cost
no password hash and cannot extend the lock.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from backend.audit import service as audit
from backend.core.config import Settings, get_settings
from backend.core.errors import TooManyRequests
from backend.models import LoginFailure
from backend.models.session import ADDRESS_MAX, USERNAME_MAX


@dataclass(frozen=True)
class Lock:
    scope: str  # "account" or "address"
    until: datetime


def clip_username(username: str) -> str:
    return username.replace("\x00", "?")[:USERNAME_MAX]


def clip_address(address: str) -> str:
    return address.replace("\x00", "?")[:ADDRESS_MAX]


def _lock(
    session: Session,
    column: InstrumentedAttribute[str],
    value: str,
    limit: int,
    scope: str,
    settings: Settings,
    now: datetime,
) -> Lock | None:
    since = now - timedelta(seconds=settings.login_window_s)
    count, last = session.execute(
        select(func.count(), func.max(LoginFailure.created_at)).where(column == value, LoginFailure.created_at >= since)
    ).one()
    if count < limit or last is None:
        return None
    seconds = min(2 ** min(count - limit + 1, 32), settings.login_lockout_max_s)
    until = last + timedelta(seconds=seconds)
    return Lock(scope=scope, until=until) if until > now else None


def current_lock(session: Session, *, username: str, client_address: str) -> Lock | None:
    """The longest lock that applies to this username or this address now, if any."""
    settings = get_settings()
    now = datetime.now(UTC)
    locks = [
        _lock(
            session,
            LoginFailure.username,
            clip_username(username),
            settings.login_max_failures,
            "account",
            settings,
            now,
        ),
        _lock(
            session,
            LoginFailure.client_address,
            clip_address(client_address),
            settings.login_max_failures_per_address,
            "address",
            settings,
            now,
        ),
    ]
    found = [lock for lock in locks if lock is not None]
    return max(found, key=lambda lock: lock.until) if found else None


def _refusal(lock: Lock) -> TooManyRequests:
    seconds = max(1, math.ceil((lock.until - datetime.now(UTC)).total_seconds()))
    where = "for this account" if lock.scope == "account" else "from this address"
    return TooManyRequests(f"Too many failed logins {where}; try again in {seconds} seconds", retry_after_s=seconds)


def check(session: Session, *, username: str, client_address: str) -> None:
    """Raise 429 (with ``Retry-After``) while the account or the address is locked."""
    lock = current_lock(session, username=username, client_address=client_address)
    if lock is not None:
        raise _refusal(lock)


def record_failure(
    session: Session, *, username: str, client_address: str, user_id: uuid.UUID | None, reason: str
) -> None:
    """Count and audit one failed login; audit the lock too when this failure starts one."""
    settings = get_settings()
    now = datetime.now(UTC)
    name, address = clip_username(username), clip_address(client_address)
    old = now - timedelta(seconds=settings.login_window_s)
    # Keep the table to the window: older failures no longer count for anything.
    session.execute(delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.created_at < old))
    session.execute(delete(LoginFailure).where(LoginFailure.client_address == address, LoginFailure.created_at < old))
    session.add(LoginFailure(username=name, client_address=address, created_at=now))
    session.flush()
    details = {"username": name, "client_address": address, "reason": reason}
    audit.record(
        session, user_id=user_id, action="auth.login_failed", target_type="user", target_id=user_id, details=details
    )
    lock = current_lock(session, username=name, client_address=address)
    if lock is not None:
        seconds = max(1, math.ceil((lock.until - now).total_seconds()))
        audit.record(
            session,
            user_id=user_id,
            action="auth.login_locked",
            target_type="user",
            target_id=user_id,
            details={**details, "scope": lock.scope, "seconds": seconds},
        )


def reset_account(session: Session, username: str) -> None:
    """A successful login clears the account's failures (so they stop counting for its address too: someone who
    mistyped and then got in is no suspect); failures on other usernames from that address stay."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == clip_username(username)))
