from __future__ import annotations

import uuid

from pydantic import BaseModel

from backend.project.schemas import LabelDef


class PatientSummary(BaseModel):
    id: uuid.UUID
    external_id: str
    split: str
    status: str
    annotation_version: int | None
    shape: list[int]
    # What annotating this patient costs (flat, or the base plus a price per slice of its volume).
    cost: float


class PatientDetail(BaseModel):
    id: uuid.UUID
    external_id: str
    project_id: uuid.UUID
    split: str
    status: str
    shape: list[int]
    spacing: list[float]
    modality: str
    has_prediction: bool
    has_uncertainty: bool
    annotation_version: int | None
    labels: list[LabelDef]


class PatientUpdate(BaseModel):
    split: str


class ImportResult(BaseModel):
    patients: list[PatientSummary]
    # Labels stored as hidden ground truth (the patients stay unlabelled); never the labels themselves.
    reference_labels: int = 0
