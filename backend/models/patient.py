from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class Split(StrEnum):
    pool = "pool"
    validation = "validation"


class PatientStatus(StrEnum):
    unlabeled = "unlabeled"
    # Read and charged, waiting for its second read or a reviewer (a project that reviews; backend/review): it is
    # offered to no first reader, and no round trains on it until a mask is accepted.
    in_review = "in_review"
    annotated = "annotated"


class Patient(IdMixin, CreatedMixin, Base):
    """The unit of selection and of cost: one patient is annotated (and paid for) as a whole."""

    __tablename__ = "patients"
    __table_args__ = (
        UniqueConstraint("project_id", "external_id"),
        # A project's counts by split and status, read from the index alone (backend.project.counts).
        Index("ix_patients_project_id_split_status", "project_id", "split", "status"),
        # On Postgres the search's substring match also has a trigram index (pg_trgm), made by migration 0016 only:
        # SQLite has no such index type.
    )

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    split: Mapped[str] = mapped_column(String(16), default=Split.pool)
    status: Mapped[str] = mapped_column(String(16), default=PatientStatus.unlabeled)
    # The image volume that is annotated; other series of the patient are kept but not labelled.
    primary_volume_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("volumes.id", use_alter=True))
    # The one label every reader of ground truth uses (rounds, export, viewer), whatever was posted last: set by
    # the import, a reader's accepted submission or a lead's correction, always by a compare-and-set UPDATE.
    accepted_annotation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("annotations.id", use_alter=True))


class Study(IdMixin, CreatedMixin, Base):
    __tablename__ = "studies"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    study_uid: Mapped[str | None] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(String(255), default="")


class Volume(IdMixin, CreatedMixin, Base):
    """One image series (DICOM) or file (NIfTI / 2D), stored as a NIfTI in the storage root."""

    __tablename__ = "volumes"

    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    series_uid: Mapped[str | None] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(String(255), default="")
    modality: Mapped[str] = mapped_column(String(16))
    source_format: Mapped[str] = mapped_column(String(16))
    storage_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    shape: Mapped[list[int]] = mapped_column(JSON)
    spacing: Mapped[list[float]] = mapped_column(JSON)
    affine: Mapped[list[list[float]]] = mapped_column(JSON)
    dtype: Mapped[str] = mapped_column(String(16))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
