"""The one password policy: length, and strength as zxcvbn estimates it (common passwords, keyboard walks,
dates, l33t, and the user's own name), so no hand-typed word list has to be kept up to date here.

Applied wherever a password is set: account creation (API, CLI, demo), admin reset and a user's own change.
"""

from __future__ import annotations

import re
import threading

from zxcvbn import zxcvbn

from backend.core.errors import BadInput

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn's 0-4 scale; 3 means "safely unguessable: moderate protection from offline slow-hash scenario" (~1e10
# guesses), which argon2 makes slow.
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); the first 72 characters carry the judgement.
_ZXCVBN_MAX = 72
_PRODUCT_WORDS = ["radloop"]
# zxcvbn keeps the user inputs in a module-level dictionary between calls, so concurrent checks must not interleave.
_lock = threading.Lock()


def _estimate(password: str, user_inputs: list[str]) -> dict[str, object]:
    with _lock:
        result: dict[str, object] = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=user_inputs)  # zxcvbn is untyped
    return result


def _feedback(result: dict[str, object]) -> str:
    feedback = result.get("feedback") or {}
    assert isinstance(feedback, dict)
    parts = [str(feedback.get("warning") or "").strip()]
    parts += [str(s).strip() for s in feedback.get("suggestions") or []]
    return " ".join(p if p.endswith(".") else f"{p}." for p in parts if p)


def check(password: str, *, username: str) -> None:
    """Raise :class:`BadInput` with a message a user can act on when ``password`` may not be used by ``username``."""
    if len(password) < MIN_LENGTH:
        raise BadInput(f"Passwords need at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise BadInput(f"Passwords may have at most {MAX_LENGTH} characters")
    inputs = [username, *_PRODUCT_WORDS]
    result = _estimate(password, inputs)
    if int(str(result["score"])) < MIN_SCORE:
        hint = _feedback(result) or "Add another word or two; uncommon words are better."
        raise BadInput(f"This password is too easy to guess. {hint}")
    # zxcvbn discounts a name itself, yet rates a repeated one ("jane-jane-jane") as fair: what is left without the
    # username and the product's name must be strong on its own.
    names = [name for name in inputs if len(name) >= 3 and name.lower() in password.lower()]
    if names:
        rest = re.sub("|".join(re.escape(name) for name in names), "", password, flags=re.IGNORECASE)
        if int(str(_estimate(rest, inputs)["score"])) < MIN_SCORE:
            raise BadInput(
                "This password is built from the username or the product's name; add words that have nothing to do "
                "with either."
            )
