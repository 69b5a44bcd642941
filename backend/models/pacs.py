"""Connections to a hospital's PACS over DICOMweb, the lead-only map from pseudonyms back to real identities, and
the DICOM SEG objects sent back (issue 14)."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class PacsAuth(StrEnum):
    none = "none"
    basic = "basic"
    bearer = "bearer"


class PacsConnection(IdMixin, CreatedMixin, Base):
    """One DICOMweb endpoint per project. The password or token is kept encrypted (``secret_ciphertext``) and is
    never returned by the API: a lead can replace it, not read it."""

    __tablename__ = "pacs_connections"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    base_url: Mapped[str] = mapped_column(String(1024))
    auth: Mapped[str] = mapped_column(String(16), default=PacsAuth.none)
    username: Mapped[str | None] = mapped_column(String(256))
    secret_ciphertext: Mapped[str | None] = mapped_column(Text)
    # Store a DICOM SEG in this PACS whenever a patient's accepted label changes (besides the on-demand send).
    send_on_accept: Mapped[bool] = mapped_column(default=False)


class PatientIdentity(Base):
    """What de-identification replaced for one patient: readable by leads only, every read audited."""

    __tablename__ = "patient_identities"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    real_patient_id: Mapped[str] = mapped_column(String(128))
    real_patient_name: Mapped[str] = mapped_column(String(256), default="")
    # Days added to every date of this patient's studies (the same shift for all of them keeps intervals).
    date_shift_days: Mapped[int] = mapped_column(default=0)


class SegDelivery(IdMixin, CreatedMixin, Base):
    """A DICOM SEG of one annotation version stored in a PACS. The SOP Instance UID is derived from the
    annotation, so sending again replaces the same instance instead of adding a duplicate."""

    __tablename__ = "seg_deliveries"
    __table_args__ = (UniqueConstraint("annotation_id", "connection_id"),)

    annotation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pacs_connections.id", ondelete="CASCADE"))
    series_instance_uid: Mapped[str] = mapped_column(String(64))
    sop_instance_uid: Mapped[str] = mapped_column(String(64))
