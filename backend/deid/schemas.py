from __future__ import annotations

from pydantic import BaseModel, Field


class PatientIdentityRead(BaseModel):
    """What de-identification replaced for one patient (lead/admin only; every read is audited)."""

    real_patient_id: str = Field(description="The DICOM PatientID the pseudonym (the patient's external_id) replaced")
    real_patient_name: str = Field(description="The DICOM PatientName, in DICOM PN form (Family^Given), or empty")
    date_shift_days: int = Field(
        le=-1, ge=-365, description="Days added to every date of the patient's DICOM headers (subtract to undo)"
    )
