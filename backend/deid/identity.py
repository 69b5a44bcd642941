"""The lead-only map from a pseudonymised patient back to the identifiers de-identification replaced."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.deid.keys import date_shift_days
from backend.models import Patient, PatientIdentity, Project

# Column widths of patient_identities (backend/models/pacs.py): DICOM's LO and PN values fit with room to spare.
_ID_WIDTH = 128
_NAME_WIDTH = 256


def record_identity(
    session: Session, patient: Patient, real_patient_id: str, real_patient_name: str, project: Project
) -> None:
    """Write (or refresh) what de-identification replaced for ``patient``, in the caller's transaction."""
    identity = session.get(PatientIdentity, patient.id)
    if identity is None:
        identity = PatientIdentity(patient_id=patient.id)
        session.add(identity)
    identity.real_patient_id = real_patient_id[:_ID_WIDTH]
    identity.real_patient_name = real_patient_name[:_NAME_WIDTH]
    identity.date_shift_days = date_shift_days(project, real_patient_id)
    session.flush()


def find_identity(session: Session, patient: Patient) -> PatientIdentity | None:
    return session.get(PatientIdentity, patient.id)
