"""The PACS password or token at rest: encrypted with a key derived from the deployment's SECRET_KEY.

Fernet (AES-128-CBC + HMAC-SHA256, from the maintained ``cryptography`` package) authenticates as well as encrypts,
so a ciphertext moved to another deployment or tampered with fails to decrypt instead of yielding garbage. The key
is derived with HKDF under a purpose label, so the session-signing key is never used directly for encryption.
Changing SECRET_KEY makes stored secrets unreadable: the lead enters them again (``SecretUnreadable`` says so).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from backend.core.config import get_settings
from backend.pacs.errors import SecretUnreadable

_PURPOSE = b"radloop/pacs-connection-secret/v1"


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(raw))


def _current() -> Fernet:
    return _fernet(get_settings().resolved_secret_key())


def encrypt_secret(plaintext: str) -> str:
    """The ciphertext to store (ASCII, a Fernet token)."""
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_secret(ciphertext: str) -> str:
    try:
        return _current().decrypt(ciphertext.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        raise SecretUnreadable(
            "The PACS password or token stored for this project cannot be decrypted (the server's SECRET_KEY changed "
            "since it was saved): enter it again in the project's PACS settings"
        ) from None
