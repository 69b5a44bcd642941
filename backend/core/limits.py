"""Request body limits, enforced while the body streams in.

Starlette spools multipart uploads to disk before a route runs, so a size check inside the route comes after the
whole body was received. This ASGI middleware refuses a declared ``Content-Length`` over the route's limit before
reading a byte, and counts the bytes of a chunked body as they arrive, answering 413 as soon as the count passes
the limit. Limits come from the settings: imports (``MAX_IMPORT_BYTES``), masks and drafts (``MAX_MASK_BYTES``
plus room for the form's other fields) and every other request (``MAX_JSON_BYTES``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.config import Settings, get_settings

# Multipart framing and the small form fields (split, time_spent_s...) that travel beside the one file.
FORM_OVERHEAD_BYTES = 1024**2

_IMPORT = re.compile(r"^/api/projects/[^/]+/imports/?$")
_MASK = re.compile(r"^/api/patients/[^/]+/(annotations|draft)/?$")


@dataclass(frozen=True)
class BodyLimit:
    """The most bytes a request may send, and the setting that says so (named in the 413)."""

    max_bytes: int
    setting: str


def limit_for(method: str, path: str, settings: Settings) -> BodyLimit:
    """The body limit of one route: imports and mask uploads are large, everything else is small JSON."""
    if method == "POST" and _IMPORT.match(path):
        return BodyLimit(settings.max_import_bytes, "MAX_IMPORT_BYTES")
    mask = _MASK.match(path)
    if mask and (method, mask.group(1)) in {("POST", "annotations"), ("PUT", "draft")}:
        return BodyLimit(settings.max_mask_bytes + FORM_OVERHEAD_BYTES, "MAX_MASK_BYTES")
    return BodyLimit(settings.max_json_bytes, "MAX_JSON_BYTES")


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answer 413 ``{"error": "PayloadTooLarge", ...}`` for a body over its route's limit, before or while reading."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["method"], scope["path"], get_settings())
        declared = _content_length(scope)
        if declared is not None and declared > limit.max_bytes:
            await _refuse(send, limit, declared)
            return
        received = 0
        exceeded = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # The framework turns a failed body read into its own 400; once the limit tripped, ours goes instead.
            nonlocal started
            if exceeded:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _refuse(send, limit, None)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _BodyTooLarge:
            if not started:
                await _refuse(send, limit, None)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: BodyLimit, declared: int | None) -> None:
    size = f"{declared:,} bytes" if declared is not None else "more bytes"
    detail = f"The request body ({size}) is larger than the {limit.max_bytes:,} bytes allowed ({limit.setting})"
    body = json.dumps({"error": "PayloadTooLarge", "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
