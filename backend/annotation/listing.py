"""The project's annotations list, newest first, a page at a time (issue 16).

Ordered by ``(created_at, id)`` descending, the ``ix_annotations_created_at_id`` index's order read backwards, so the
first page is the newest rows whatever the project's history; the id breaks ties of versions stored in the same
instant (an import writes many).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core import keyset
from backend.models import Annotation, Patient, User

# What a page's cursor carries: the last row's creation time and id.
KEY: tuple[type, ...] = (datetime, uuid.UUID)


def page(
    session: Session, project_id: uuid.UUID, *, after: tuple[Any, ...] | None, limit: int
) -> list[tuple[Annotation, str, str | None]]:
    """At most ``limit`` of the project's annotations after the key ``after``, newest first, each with the patient's
    external id and the author's username (None for an import)."""
    query = (
        select(Annotation, Patient.external_id, User.username)
        .join(Patient, Patient.id == Annotation.patient_id)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Patient.project_id == project_id)
        .order_by(Annotation.created_at.desc(), Annotation.id.desc())
        .limit(limit)
    )
    if after is not None:
        query = query.where(keyset.after([Annotation.created_at, Annotation.id], after, descending=True))
    return [(annotation, external_id, username) for annotation, external_id, username in session.execute(query)]


def key_of(annotation: Annotation) -> tuple[datetime, uuid.UUID]:
    return (annotation.created_at, annotation.id)
