"""Password hashing (argon2) and signed session tokens (JWT, HS256)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from backend.core.config import get_settings
from backend.core.errors import Unauthorized

ALGORITHM = "HS256"


@dataclass(frozen=True)
class _Hashing:
    hasher: PasswordHasher
    # Verifying against this keeps login time the same for unknown users, so timing does not reveal usernames.
    dummy_hash: str


@lru_cache
def _hashing(memory_kib: int, time_cost: int) -> _Hashing:
    hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost)
    return _Hashing(hasher=hasher, dummy_hash=hasher.hash("radloop-dummy-password"))


def _current() -> _Hashing:
    settings = get_settings()
    return _hashing(settings.password_hash_memory_kib, settings.password_hash_time_cost)


def hash_password(password: str) -> str:
    return _current().hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    hashing = _current()
    try:
        return hashing.hasher.verify(password_hash or hashing.dummy_hash, password) and password_hash is not None
    except VerificationError:
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other costs than the configured ones (checked after a good login)."""
    return _current().hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID


# A token lacking any of these is refused: without ``exp`` it would never expire, without ``sid`` it could not be
# revoked.
REQUIRED_CLAIMS = ["exp", "iat", "sub", "sid"]


def create_token(
    *, user_id: uuid.UUID, session_id: uuid.UUID, secret: str, issued_at: datetime, expires_at: datetime
) -> str:
    """A signed pointer to the server-side session row ``session_id``; the row, not the token, decides validity."""
    claims = {"sub": str(user_id), "sid": str(session_id), "iat": issued_at, "exp": expires_at}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_token(token: str, secret: str) -> TokenClaims:
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS})
        return TokenClaims(user_id=uuid.UUID(payload["sub"]), session_id=uuid.UUID(payload["sid"]))
    except (jwt.PyJWTError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise Unauthorized("Session expired or invalid; please log in again") from exc
