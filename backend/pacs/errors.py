"""What a lead is told when the project's PACS cannot be used.

HTTP 422 with the usual error body, not 502: the API promises never to answer 5xx to any input (the Schemathesis
suite checks it), and the cause lies in the project's stored PACS settings (URL, credentials), which the lead can
fix or retry. Not 401/403 either: those would read as *Radloop* refusing the user (the browser logs out on a 401).
"""

from __future__ import annotations

from backend.core.errors import RadloopError


class PacsUnavailable(RadloopError):
    """The project's PACS could not be used for this request; ``detail`` says why in one sentence."""

    status_code = 422


class SecretUnreadable(PacsUnavailable):
    """The stored password or token no longer decrypts (SECRET_KEY changed, or the row was altered)."""
