"""Domain errors raised by services and rendered by one handler.

Services raise these instead of ``HTTPException`` because the worker calls the same services: the HTTP
status is a property of the error, not of the caller.
"""

from __future__ import annotations


class RadloopError(Exception):
    """Base error: carries a human-readable message and the HTTP status the API answers with."""

    status_code: int = 500

    def __init__(self, detail: str, *, status_code: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
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


class BudgetExceeded(Conflict):
    """The remaining budget cannot pay for this annotation."""
