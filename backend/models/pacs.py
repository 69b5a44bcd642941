"""Connections to a hospital's PACS over DICOMweb, the lead-only map from pseudonyms back to real identities, and
the DICOM SEG objects sent back (issue 14)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin, utcnow


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
    # The latest successful STOW-RS of this instance (created_at is the first).
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class PacsImportedSeries(IdMixin, CreatedMixin, Base):
    """A DICOM series retrieved from a PACS and imported into a project: the reference back to the original.

    The PACS stays the system of record: Radloop keeps the converted volume plus these identifiers (and, per slice,
    the header blob the importer stores), so the original instances can be fetched again over WADO-RS. One row per
    series and project, written in the patient's import transaction: a re-run of an interrupted import skips what
    is here, and two imports racing for one series cannot both commit it (the unique constraint).
    """

    __tablename__ = "pacs_imported_series"
    __table_args__ = (UniqueConstraint("project_id", "series_uid"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    # Deleting the patient forgets the import, so the series can be imported again.
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    # The volume the series became; None for a label series (it became the patient's imported annotation).
    volume_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("volumes.id", ondelete="SET NULL"))
    study_uid: Mapped[str] = mapped_column(String(128))
    series_uid: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # "image" or "label"
    instances: Mapped[int] = mapped_column(Integer)
    # The DICOMweb base URL it was retrieved from (the connection may later point elsewhere).
    source_url: Mapped[str] = mapped_column(String(1024))
    # The import job that brought it (its result lists what it imported, across attempts).
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), index=True)
