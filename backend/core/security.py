"""Password hashing (argon2) and signed session tokens (JWT, HS256)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from backend.core.errors import Unauthorized

_hasher = PasswordHasher()
# Verifying against this keeps login time the same for unknown users, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("radloop-dummy-password")
ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except VerificationError:
        return False


def create_token(user_id: uuid.UUID, secret: str, ttl_minutes: int) -> tuple[str, datetime]:
    expires_at = datetime.now(UTC) + timedelta(minutes=ttl_minutes)
    token = jwt.encode({"sub": str(user_id), "exp": expires_at}, secret, algorithm=ALGORITHM)
    return token, expires_at


def decode_token(token: str, secret: str) -> uuid.UUID:
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM])
        return uuid.UUID(payload["sub"])
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise Unauthorized("Session expired or invalid; please log in again") from exc
