from __future__ import annotations

import uuid

from pydantic import BaseModel, NonNegativeFloat, NonNegativeInt, PositiveInt

from backend.core.types import Parsed, Stored, StrictModel
from backend.models.patient import PatientStatus, Split
from backend.project.schemas import LabelDef


class PatientSummary(BaseModel):
    id: uuid.UUID
    external_id: str
    split: Stored[Split]
    status: Stored[PatientStatus]
    annotation_version: PositiveInt | None
    shape: list[int]
    # What annotating this patient costs (flat, or the base plus a price per slice of its volume).
    cost: NonNegativeFloat


class PatientDetail(BaseModel):
    id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    split: Stored[Split]
    status: Stored[PatientStatus]
    shape: list[int]
    spacing: list[float]
    modality: str
    has_prediction: bool
    has_uncertainty: bool
    annotation_version: PositiveInt | None
    labels: list[LabelDef]


class PatientUpdate(StrictModel):
    split: Parsed[Split]


class ImportResult(BaseModel):
    patients: list[PatientSummary]
    # Labels stored as hidden ground truth (the patients stay unlabelled); never the labels themselves.
    reference_labels: NonNegativeInt = 0
