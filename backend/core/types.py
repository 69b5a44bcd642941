"""Constrained types for everything a client sends: one definition per kind of value, used by every schema and route.

Why: the database is the last place a bad value should be noticed. Postgres refuses a NUL byte in text and an integer
beyond BIGINT, and lax pydantic turns ``false`` into ``0.00``, ``0`` into ``False`` and ``0.5`` into a date in 1970;
each of those was a 500 or a silent change. These types refuse them at the edge, as a 422 that changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

T = TypeVar("T")

# Tab, line feed and carriage return are the only control characters a multi-line note may hold.
_MULTILINE_WHITESPACE = frozenset("\t\n\r")


def _refuse_control(value: str, allowed: frozenset[str]) -> str:
    for char in value:
        # Cc: C0/C1 control characters (NUL among them); Cs: lone surrogates, which no database encoding can store.
        if unicodedata.category(char) in {"Cc", "Cs"} and char not in allowed:
            raise ValueError(f"must not contain the control character U+{ord(char):04X}")
    return value


def no_control_chars(value: str) -> str:
    """Single-line text: names, filters, identifiers."""
    return _refuse_control(value, frozenset())


def no_control_chars_multiline(value: str) -> str:
    """Free text that may span lines (a note): tabs and line breaks are allowed, other control characters are not."""
    return _refuse_control(value, _MULTILINE_WHITESPACE)


# One line of human text (names, filters): no control characters. Each use sets its ``max_length`` (the column's).
SafeText = Annotated[str, Strict(), AfterValidator(no_control_chars)]
# Multi-line human text (a reader's note).
SafeMultiline = Annotated[str, Strict(), AfterValidator(no_control_chars_multiline)]

# Paging: Postgres compares OFFSET as BIGINT; anything past 2**31-1 rows is nonsense for this application anyway.
MAX_OFFSET = 2**31 - 1
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]

# FastAPI validates bodies in pydantic's Python mode, where strict refuses the string spelling JSON has for a UUID,
# an enum member or a datetime. ``Parsed[T]`` lets exactly those fields be parsed from their JSON string form
# while the rest of a ``StrictModel`` stays strict.
Parsed = Annotated[T, Strict(False)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iso_only(value: Any) -> Any:
    """Lax pydantic reads ``0.5`` or ``1700000000`` as a Unix timestamp; a filter date must be written as a date."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be an ISO 8601 date or date-time, e.g. 2024-05-01T12:00:00Z")
    return value


if TYPE_CHECKING:
    # Services fill response models straight from string columns; for the type checker either spelling is fine.
    Stored = Union[T, str]  # noqa: UP007 (a generic alias: ``T | str`` is not subscriptable at run time)
else:
    # A response field read from a string column: documented as the enum ``T`` (so a generated client knows every
    # value) and validated into it, so a value the document does not list fails here instead of reaching a client.
    # (Response models are not strict, so the string is parsed; the marker only names the intent.)
    Stored = Annotated[T, "stored as a string"]

IsoDateTime = Annotated[datetime, Strict(False), BeforeValidator(_iso_only)]


def _true_or_false(value: Any) -> Any:
    """Form fields and query strings carry text; only the words ``true`` and ``false`` mean a boolean."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


# A boolean sent as a form field or a query parameter.
TextBool = Annotated[bool, BeforeValidator(_true_or_false)]


class StrictModel(BaseModel):
    """Base of every request body: no type coercion (``false`` is not 0, ``0`` is not False) and no unknown fields,
    so a typo in a field name is an error instead of a silently ignored change."""

    model_config = ConfigDict(strict=True, extra="forbid")
