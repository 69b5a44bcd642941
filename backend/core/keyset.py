"""The keyset condition of a paged list (``backend.core.pagination``): the rows after a cursor's key, in SQL.

Written as the expanded ``a > x OR (a = x AND b > y)`` with a leading ``a >= x`` rather than a row comparison
``(a, b) > (x, y)``: the same SQL on SQLite and Postgres, either direction, and the leading bound is a plain range on
the index's first sort column, which the planner uses even when the index does not cover the tie-breaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import QueryableAttribute

from backend.core.pagination import NEXT_CURSOR_HEADER

# The OpenAPI description of a paged list's headers (``responses=PAGED`` on its route).
PAGED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One page of the list; the headers announce the next page, and their absence the last.",
        "headers": {
            "Link": {
                "description": 'The next page as `<url>; rel="next"` (RFC 8288)',
                "schema": {"type": "string"},
            },
            NEXT_CURSOR_HEADER: {
                "description": "The next page's `cursor` parameter",
                "schema": {"type": "string"},
            },
        },
    }
}


def after(
    columns: Sequence[ColumnElement[Any] | QueryableAttribute[Any]], key: Sequence[Any], *, descending: bool = False
) -> ColumnElement[bool]:
    """Rows strictly after ``key`` in ``ORDER BY columns`` (all ascending, or all ``descending``); no part may be
    NULL (every list's key is non-null columns ending in a unique one)."""
    if not columns or len(columns) != len(key):
        raise ValueError("a keyset needs one key part per column")

    def beyond(column: ColumnElement[Any] | QueryableAttribute[Any], value: Any) -> ColumnElement[bool]:
        past: ColumnElement[bool] = column < value if descending else column > value
        return past

    condition = beyond(columns[-1], key[-1])
    for column, value in zip(reversed(columns[:-1]), reversed(key[:-1]), strict=True):
        condition = or_(beyond(column, value), and_(column == value, condition))
    if len(columns) == 1:
        return condition
    first = columns[0] <= key[0] if descending else columns[0] >= key[0]
    return and_(first, condition)
