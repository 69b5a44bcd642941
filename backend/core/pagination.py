"""Keyset pagination for every list that grows with the project (issue 16).

A page is the rows after the last one the client saw, in the list's own order, read from an index that matches it:
its cost does not grow with the project, unlike OFFSET (which reads every skipped row) or a full list. The body
stays a JSON list; the next page's cursor travels in headers (``Link: <…>; rel="next"`` as RFC 8288 and GitHub do,
and ``X-Next-Cursor`` for clients that would rather not parse it). No header: this was the last page.

A cursor is opaque to clients: the sort key of the page's last row, as base64url JSON. A cursor that does not decode
to the list's key is a 400, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request, Response

from backend.core.errors import BadInput

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_MAX_CURSOR = 512
NEXT_CURSOR_HEADER = "X-Next-Cursor"
T = TypeVar("T")

# A sort key's parts: what a cursor may carry, and what each part decodes to.
KeyPart = str | int | float | bool | uuid.UUID | datetime | None
_KINDS: dict[type, str] = {uuid.UUID: "u", datetime: "t"}


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None

    def after(self, kinds: Sequence[type]) -> tuple[Any, ...] | None:
        """The sort key the page starts after, checked against the list's key ``kinds`` (one type per part)."""
        return None if self.cursor is None else decode_cursor(self.cursor, kinds)


def page_request(
    limit: int = Query(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page"),
    cursor: str | None = Query(
        default=None,
        min_length=1,
        max_length=_MAX_CURSOR,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="the previous page's next cursor (its Link rel=next or X-Next-Cursor header)",
    ),
) -> PageRequest:
    return PageRequest(limit, cursor)


Page = Annotated[PageRequest, Depends(page_request)]


def encode_cursor(key: Sequence[KeyPart]) -> str:
    parts = [
        [_KINDS[type(v)], v.isoformat() if isinstance(v, datetime) else str(v)] if type(v) in _KINDS else ["j", v]
        for v in key
    ]
    raw = json.dumps(parts, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, kinds: Sequence[type]) -> tuple[Any, ...]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        parts = json.loads(raw)
        if not isinstance(parts, list) or len(parts) != len(kinds):
            raise ValueError("wrong length")
        return tuple(_part(part, kind) for part, kind in zip(parts, kinds, strict=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadInput("The cursor is not one this list returned; start again without it") from exc


def _part(part: Any, kind: type) -> Any:
    if not isinstance(part, list) or len(part) != 2:
        raise ValueError("not a cursor part")
    tag, value = part
    if value is None:
        return None
    if kind is uuid.UUID and tag == "u":
        return uuid.UUID(str(value))
    if kind is datetime and tag == "t":
        return datetime.fromisoformat(str(value))
    if tag == "j" and isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if tag == "j" and kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"expected {kind.__name__}")


def set_next(request: Request, response: Response, key: Sequence[KeyPart] | None) -> None:
    """Announce the next page when ``key`` (the last row's sort key of a full page) is given."""
    if key is None:
        return
    token = encode_cursor(key)
    url = request.url.include_query_params(cursor=token)
    response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    response.headers[NEXT_CURSOR_HEADER] = token


def take_page(rows: Sequence[T], page: PageRequest) -> tuple[list[T], bool]:
    """``rows`` read with ``LIMIT page.limit + 1``: the page, and whether another follows."""
    return list(rows[: page.limit]), len(rows) > page.limit
