"""Adding a version to a patient's annotation history: the one way every writer (a reader's submission or read, a
lead's correction, a reviewer's edit, a consensus) numbers, names and inserts it.

Version numbers are unique per patient (``uq_annotations_patient_id``), so of two writers that read the same
highest version exactly one inserts the next: the other's insert fails inside its savepoint, and the caller turns
that into a 409 (or, for a background job, takes the next number).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.models import Annotation


def next_version(session: Session, patient_id: uuid.UUID) -> int:
    return (session.scalar(select(func.max(Annotation.version)).where(Annotation.patient_id == patient_id)) or 0) + 1


def new_version(
    *,
    patient_id: uuid.UUID,
    volume_id: uuid.UUID,
    author_id: uuid.UUID | None,
    version: int,
    source: str,
    encoded: bytes,
    time_spent_s: float | None = None,
    source_model_version_id: uuid.UUID | None = None,
    read_number: int | None = None,
    derived_from: Sequence[str] | None = None,
) -> Annotation:
    """The row of a new version whose mask (``encoded``, gzipped NIfTI) is stored under its own id."""
    annotation_id = uuid.uuid4()
    return Annotation(
        id=annotation_id,
        patient_id=patient_id,
        volume_id=volume_id,
        author_id=author_id,
        version=version,
        source=source,
        storage_key=f"annotations/{annotation_id}.nii.gz",
        sha256=hashlib.sha256(encoded).hexdigest(),
        time_spent_s=time_spent_s,
        source_model_version_id=source_model_version_id,
        read_number=read_number,
        derived_from=list(derived_from) if derived_from is not None else None,
    )


def insert(session: Session, annotation: Annotation) -> bool:
    """Insert in a savepoint; False when a concurrent writer took its version number first."""
    try:
        with session.begin_nested():
            session.add(annotation)
            session.flush()
    except IntegrityError:
        return False
    return True
