"""Autosaved drafts: the drawing in progress of one user on one patient, validated like a mask, kept gzipped.

Saving a draft renews the caller's reservation (the viewer autosaves while the radiologist works), so a draft can
only be written by the radiologist who holds the case. Submitting an annotation clears the drafts of the patient.
"""

from __future__ import annotations

import uuid

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.annotation.access import check_may_annotate
from backend.annotation.service import validate_mask
from backend.core.errors import NotFound
from backend.db.base import utcnow
from backend.models import Draft, Patient, Project, User
from backend.patient import service as patient_service
from backend.reservation import service as reservation_service
from backend.storage import blobs, nifti_io


def _key(patient_id: uuid.UUID, user_id: uuid.UUID) -> str:
    return f"drafts/{patient_id}/{user_id}.nii.gz"


def get(session: Session, patient_id: uuid.UUID, user: User) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.patient_id == patient_id, Draft.user_id == user.id))


def get_or_raise(session: Session, patient_id: uuid.UUID, user: User) -> Draft:
    draft = get(session, patient_id, user)
    if draft is None:
        raise NotFound("No draft saved for this patient")
    return draft


def save(
    session: Session, *, patient: Patient, project: Project, user: User, payload: bytes, time_spent_s: float | None
) -> Draft:
    """Validate (shape, label values) and store the draft; the blob is written last, after every check.

    Only a case the caller may annotate (``backend.annotation.access``) can hold their draft."""
    check_may_annotate(session, patient, project, user)
    reservation_service.reserve(session, patient, user)
    volume = patient_service.primary_volume(session, patient)
    # Stored re-encoded on the image's grid, never as sent: a draft is downloaded by browsers, so it must not
    # carry a second gzip member, header extensions or anything else the upload brought besides its voxels.
    data = nifti_io.encode(validate_mask(project, payload, volume.shape), np.asarray(volume.affine))
    key = _key(patient.id, user.id)
    draft = get(session, patient.id, user)
    if draft is None:
        draft = Draft(id=uuid.uuid4(), patient_id=patient.id, user_id=user.id, storage_key=key, sha256="", size_bytes=0)
        session.add(draft)
    draft.sha256 = blobs.put_bytes(key, data)
    draft.size_bytes = len(data)
    draft.time_spent_s = time_spent_s
    draft.updated_at = utcnow()
    session.flush()
    return draft


def discard(session: Session, patient_id: uuid.UUID, user: User) -> bool:
    draft = get(session, patient_id, user)
    if draft is None:
        return False
    session.delete(draft)
    session.flush()
    blobs.delete(draft.storage_key)
    return True


def clear_patient(session: Session, patient_id: uuid.UUID) -> list[str]:
    """Delete every draft row of the patient; returns the blob keys to remove once the transaction commits."""
    keys = list(session.scalars(select(Draft.storage_key).where(Draft.patient_id == patient_id)))
    session.execute(delete(Draft).where(Draft.patient_id == patient_id))
    return keys
