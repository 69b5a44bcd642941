"""Loading a project's patients from the database and store into the arrays the ML engine takes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Patient, Project, Volume
from backend.models.patient import PatientStatus, Split
from backend.patient import service as patient_service
from backend.storage import blobs, nifti_io


@dataclass
class PatientArrays:
    patient_id: uuid.UUID
    external_id: str
    volume: Volume
    image: np.ndarray
    label: np.ndarray | None


@dataclass
class RoundData:
    train: list[PatientArrays]
    validation: list[PatientArrays]
    pool: list[PatientArrays]


def _load(session: Session, patient: Patient, *, with_label: bool) -> PatientArrays:
    volume = patient_service.primary_volume(session, patient)
    image, _ = nifti_io.load_array(blobs.read_bytes(volume.storage_key))
    label = None
    if with_label:
        annotation = patient_service.accepted_annotation(session, patient)
        if annotation is not None:
            label, _ = nifti_io.load_array(blobs.read_bytes(annotation.storage_key))
            label = np.asarray(label, dtype=np.uint8)
    return PatientArrays(patient.id, patient.external_id, volume, np.asarray(image, dtype=np.float32), label)


def load_validation(session: Session, project: Project) -> list[PatientArrays]:
    """The annotated validation patients every round measures Dice on (without loading the pool)."""
    patients = session.scalars(
        select(Patient)
        .where(
            Patient.project_id == project.id,
            Patient.split == str(Split.validation),
            Patient.status == str(PatientStatus.annotated),
        )
        .order_by(Patient.external_id)
    ).all()
    return [_load(session, patient, with_label=True) for patient in patients]


def load_round_data(session: Session, project: Project) -> RoundData:
    patients = session.scalars(
        select(Patient).where(Patient.project_id == project.id).order_by(Patient.external_id)
    ).all()
    data = RoundData(train=[], validation=[], pool=[])
    for patient in patients:
        annotated = patient.status == PatientStatus.annotated
        if patient.split == Split.validation:
            if annotated:
                data.validation.append(_load(session, patient, with_label=True))
        elif annotated:
            data.train.append(_load(session, patient, with_label=True))
        elif patient.status == PatientStatus.unlabeled:
            data.pool.append(_load(session, patient, with_label=False))
        # A case in review (read, not yet accepted) neither trains nor is scored again: it is paid for already.
    return data


def load_images(session: Session, project: Project) -> list[np.ndarray]:
    """Every image of the project (any split and status), never a label: what Genesis pre-trains on."""
    patients = session.scalars(
        select(Patient).where(Patient.project_id == project.id).order_by(Patient.external_id)
    ).all()
    return [_load(session, patient, with_label=False).image for patient in patients]
