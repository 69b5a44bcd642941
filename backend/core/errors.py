"""Domain errors raised by services and rendered by one handler.

Services raise these instead of ``HTTPException`` because the worker calls the same services: the HTTP
status is a property of the error, not of the caller.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """The one shape of every error response of the API (domain errors, validation, unknown routes, parse errors)."""

    error: str = Field(description="The error's name, e.g. NotFound, ValidationError, BudgetExceeded")
    detail: str = Field(description="A sentence for a person: what was wrong and, where possible, how to fix it")


class RadloopError(Exception):
    """Base error: carries a human-readable message and the HTTP status the API answers with."""

    status_code: int = 500

    def __init__(self, detail: str, *, status_code: int | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        # Extra response headers the handler sends with the error (e.g. ``Retry-After`` on a 429).
        self.headers: dict[str, str] = dict(headers or {})
        if status_code is not None:
            self.status_code = status_code

    @property
    def name(self) -> str:
        return type(self).__name__


class BadInput(RadloopError):
    """The request was well formed but its content cannot be used (bad file, wrong shape...)."""

    status_code = 400


class Unauthorized(RadloopError):
    status_code = 401


class Forbidden(RadloopError):
    status_code = 403


class NotFound(RadloopError):
    status_code = 404


class Conflict(RadloopError):
    status_code = 409


class PayloadTooLarge(RadloopError):
    status_code = 413


class TooManyRequests(RadloopError):
    """Refused for now (login throttling); ``retry_after_s`` becomes the ``Retry-After`` header."""

    status_code = 429

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})
        self.retry_after_s = max(1, retry_after_s)


class ServiceBusy(RadloopError):
    """Every database connection stayed busy for the pool's timeout: the request changed nothing and may be retried
    (an overload, not a bug; ``Retry-After`` says when)."""

    status_code = 503

    def __init__(self, detail: str, *, retry_after_s: int = 5) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})


class BudgetExceeded(Conflict):
    """The remaining budget cannot pay for this annotation."""
