"""Login, logout and a user's own password change; sessions live in ``backend.auth.sessions``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.auth import sessions, throttle
from backend.core.errors import BadInput, RadloopError, Unauthorized
from backend.core.security import hash_password, needs_rehash, verify_password
from backend.models import AuthSession, User
from backend.user import service as user_service


@dataclass(frozen=True)
class Client:
    """Where a request comes from, as far as the server can tell (behind a proxy: see the README)."""

    address: str
    user_agent: str | None


@dataclass(frozen=True)
class LoginResult:
    user: User
    session: AuthSession
    token: str


class RecordedFailure(Exception):
    """Mixin: this refusal was counted and audited; the caller commits that record although the request fails."""

    @property
    def name(self) -> str:
        """Clients see the plain domain error (``Unauthorized``, ``BadInput``); the mixin is an internal detail."""
        return next(
            c.__name__ for c in type(self).__mro__ if issubclass(c, RadloopError) and not issubclass(c, RecordedFailure)
        )


class LoginRefused(RecordedFailure, Unauthorized):
    pass


class CurrentPasswordWrong(RecordedFailure, BadInput):
    pass


def login(session: Session, *, username: str, password: str, client: Client) -> LoginResult:
    throttle.check(session, username=username, client_address=client.address)
    user = user_service.get_by_username(session, username)
    valid = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        reason = "unknown user" if user is None else ("deactivated" if valid else "wrong password")
        throttle.record_failure(
            session,
            username=username,
            client_address=client.address,
            user_id=user.id if user else None,
            reason=reason,
        )
        raise LoginRefused("Wrong username or password")
    throttle.reset_account(session, username)
    if user.password_hash is not None and needs_rehash(user.password_hash):
        # The configured cost, now that the password is known; not set_password: an older password that today's
        # policy would refuse still logs in.
        user.password_hash = hash_password(password)
    row, token = sessions.start(session, user, user_agent=client.user_agent, client_address=client.address)
    audit.record(
        session,
        user_id=user.id,
        action="auth.login",
        target_type="user",
        target_id=user.id,
        details={"session_id": str(row.id), "client_address": row.client_address},
    )
    return LoginResult(user=user, session=row, token=token)


def logout(session: Session, *, user: User, current: AuthSession) -> None:
    sessions.revoke(session, current)
    audit.record(
        session,
        user_id=user.id,
        action="auth.logout",
        target_type="user",
        target_id=user.id,
        details={"session_id": str(current.id)},
    )


def change_own_password(
    session: Session, *, user: User, current: AuthSession, current_password: str, new_password: str, client: Client
) -> int:
    """Set a new password after checking the current one; ends every other session. Returns how many ended.

    A wrong current password counts as a failed login, so a stolen session cannot be used to guess it quickly.
    """
    throttle.check(session, username=user.username, client_address=client.address)
    if not verify_password(current_password, user.password_hash):
        throttle.record_failure(
            session,
            username=user.username,
            client_address=client.address,
            user_id=user.id,
            reason="wrong current password (password change)",
        )
        raise CurrentPasswordWrong("The current password is wrong")
    if new_password == current_password:
        raise BadInput("The new password must differ from the current one")
    user_service.set_password(session, user, new_password)
    ended = sessions.revoke_all(session, user.id, keep=current.id)
    audit.record(
        session,
        user_id=user.id,
        action="user.password.change",
        target_type="user",
        target_id=user.id,
        details={"username": user.username, "sessions_ended": ended},
    )
    return ended
