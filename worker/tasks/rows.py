"""Reading the rows a task cannot run without, with an error that says which one is missing.

A row a task read by id (its job, round, project, a model version) may be gone by the time it reads it, e.g.
deleted meanwhile; the task then fails with this error instead of an ``AssertionError`` (stripped under ``-O``) or
an ``AttributeError`` on ``None`` further down.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from backend.db.base import Base

Row = TypeVar("Row", bound=Base)


class MissingRow(LookupError):
    """A row the task needs no longer exists."""


def require(session: Session, model: type[Row], key: uuid.UUID) -> Row:
    """``session.get(model, key)``, or ``MissingRow`` naming what is missing."""
    found = session.get(model, key)
    if found is None:
        raise MissingRow(f"{model.__name__} {key} not found")
    return found
