"""Per-reader quotas: how many patients a reader may still annotate in a project."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.models import Annotation, Patient, ProjectMember, User


def annotated_by(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Patients each reader has annotated (any version) in the project."""
    rows = session.execute(
        select(Annotation.author_id, func.count(func.distinct(Annotation.patient_id)))
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project_id, Annotation.source == "human", Annotation.author_id.is_not(None))
        .group_by(Annotation.author_id)
    ).all()
    return {author: count for author, count in rows if author is not None}


def quota_left(session: Session, project_id: uuid.UUID, user: User) -> int | None:
    """How many more patients ``user`` may annotate in the project under their quota (None: no quota)."""
    quota = session.scalar(
        select(ProjectMember.quota).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user.id)
    )
    if quota is None:
        return None
    done = session.scalar(
        select(func.count(func.distinct(Annotation.patient_id)))
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Annotation.author_id == user.id, Annotation.source == "human", Patient.project_id == project_id)
    )
    return max(0, quota - (done or 0))
