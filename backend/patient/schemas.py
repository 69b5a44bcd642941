from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, NonNegativeFloat, NonNegativeInt, PositiveInt

from backend.annotation.schemas import AnnotationSource
from backend.core.types import Parsed, Stored, StrictModel
from backend.models.patient import PatientStatus, Split
from backend.models.review import ReviewStatus
from backend.project.schemas import LabelDef, PatientState


class PatientSummary(BaseModel):
    id: uuid.UUID
    external_id: str
    split: Stored[Split]
    status: Stored[PatientStatus]
    # Where the patient stands (validation, annotated, reserved, queued, set aside, unlabelled): the same word the
    # project's counts use.
    state: PatientState
    annotation_version: PositiveInt | None
    shape: list[int]
    # What annotating this patient costs (flat, or the base plus a price per slice of its volume).
    cost: NonNegativeFloat


class StartingMask(StrEnum):
    """Which drawing a viewer opens the case with (``CaseMasks.starting``)."""

    draft = "draft"  # the caller's own autosaved drawing
    read = "read"  # the caller's own read of a case waiting for review (returned to them, or pending)
    accepted = "accepted"  # the patient's accepted annotation version (ground truth)
    prediction = "prediction"  # the latest round's model prediction
    empty = "empty"  # nothing to start from


class DraftMask(BaseModel):
    """The caller's autosaved draft of the patient (its voxels: ``GET /api/patients/{id}/draft/mask``)."""

    updated_at: datetime
    time_spent_s: float | None
    sha256: str


class AcceptedMask(BaseModel):
    """The accepted annotation version (its voxels: ``GET /api/annotations/{annotation_id}/mask``)."""

    annotation_id: uuid.UUID
    version: PositiveInt
    source: Stored[AnnotationSource]
    # Who made it; null for imported ground truth.
    author: str | None
    created_at: datetime


class ReadMask(BaseModel):
    """The caller's own latest read of a case in review (its voxels: ``GET /api/annotations/{annotation_id}/mask``),
    with where the case stands and, when a reviewer returned it to them, what to change. ``version`` is the
    ``base_version`` their next submission starts from."""

    annotation_id: uuid.UUID
    version: PositiveInt
    read_number: PositiveInt
    created_at: datetime
    review_status: Stored[ReviewStatus]
    # The reviewer's comment and name while the case is returned to the caller; null otherwise.
    comment: str | None = None
    reviewer: str | None = None


class PredictionMask(BaseModel):
    """The latest model prediction (its voxels: ``GET /api/patients/{id}/prediction``) and the round behind it."""

    round_id: uuid.UUID
    round_number: PositiveInt
    model_version_id: uuid.UUID
    created_at: datetime


class CaseMasks(BaseModel):
    """Every drawing the viewer could open this patient with, for the caller, and the one it starts from.

    Absent masks are null here rather than a 404 from their download route, so a viewer never asks for what does not
    exist. ``starting`` is the first present of: the caller's draft, their read in review, the accepted annotation, the
    prediction."""

    draft: DraftMask | None
    read: ReadMask | None = None
    accepted: AcceptedMask | None
    prediction: PredictionMask | None
    starting: StartingMask


class PatientDetail(BaseModel):
    id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    split: Stored[Split]
    status: Stored[PatientStatus]
    shape: list[int]
    spacing: list[float]
    # The image's DICOM modality; for files that carry none (NIfTI, PNG: stored as "OT") the project's modality.
    modality: str
    # The viewer's header. De-identified where the project de-identifies: descriptions named from coded
    # attributes, the study date moved by the patient's date shift; never the patient's name or real id.
    study_date: date | None = None
    study_description: str = ""
    series_description: str = ""
    has_prediction: bool
    has_uncertainty: bool
    annotation_version: PositiveInt | None
    labels: list[LabelDef]
    masks: CaseMasks


class PatientUpdate(StrictModel):
    split: Parsed[Split]


class ImportResult(BaseModel):
    patients: list[PatientSummary]
    # Labels stored as hidden ground truth (the patients stay unlabelled); never the labels themselves.
    reference_labels: NonNegativeInt = 0
