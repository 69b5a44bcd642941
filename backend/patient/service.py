from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.core import keyset
from backend.core.errors import BadInput, NotFound
from backend.db.base import utcnow
from backend.models import (
    Annotation,
    Patient,
    Prediction,
    Project,
    ReferenceLabel,
    Reservation,
    Round,
    Score,
    Skip,
    Study,
    User,
    Volume,
)
from backend.models.patient import Split
from backend.patient.schemas import CaseMasks, PatientDetail, PatientSummary
from backend.patient.study_dates import STUDY_DATE_KEY
from backend.project import access as project_access
from backend.project.counts import state_of_patient
from backend.project.labels import label_defs
from backend.project.schemas import PatientState

# What an import records when the file says nothing about the modality (NIfTI, 2D images): "other".
UNKNOWN_MODALITY = "OT"


def get_for_user(session: Session, patient_id: uuid.UUID, user: User) -> tuple[Patient, Project]:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(f"Patient {patient_id} not found")
    project = project_access.get_for_user(session, patient.project_id, user)
    return patient, project


def primary_volume(session: Session, patient: Patient) -> Volume:
    volume = session.get(Volume, patient.primary_volume_id) if patient.primary_volume_id else None
    if volume is None:
        raise NotFound(f"Patient {patient.external_id} has no image volume")
    return volume


def accepted_annotation(session: Session, patient: Patient) -> Annotation | None:
    """The patient's ground truth: the version the import, a reader's submission or a lead's correction made
    accepted — never simply the highest version, so a stray post cannot silently become what rounds train on."""
    if patient.accepted_annotation_id is None:
        return None
    return session.get(Annotation, patient.accepted_annotation_id)


def count_reference_labels(session: Session, patient_ids: list[uuid.UUID]) -> int:
    """How many of these patients have hidden ground truth (a count for the lead, never the labels)."""
    if not patient_ids:
        return 0
    query = select(func.count()).select_from(ReferenceLabel).where(ReferenceLabel.patient_id.in_(patient_ids))
    return session.scalar(query) or 0


def latest_prediction(session: Session, patient_id: uuid.UUID) -> Prediction | None:
    return session.scalar(
        select(Prediction)
        .join(Round, Round.id == Prediction.round_id)
        .where(Prediction.patient_id == patient_id)
        .order_by(Round.number.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class PatientFilters:
    """What the lead's patient list narrows to; every field optional, all of them together (AND)."""

    # Part of the external id (the pseudonym where the project de-identifies), any case.
    search: str | None = None
    split: Split | None = None
    state: PatientState | None = None
    # Only patients this round (a number of the project's rounds) selected for annotation.
    round_number: int | None = None
    # Only these patients (what a change or an import answers with), not a client's filter.
    ids: frozenset[uuid.UUID] | None = None


NO_FILTERS = PatientFilters()


def list_for_project(
    session: Session,
    project_id: uuid.UUID,
    filters: PatientFilters = NO_FILTERS,
    *,
    after: str | None = None,
    limit: int | None = None,
) -> list[PatientSummary]:
    """The project's patients (narrowed by ``filters`` in the database) in external-id order, each with its state and
    what annotating it costs under the project's formula; with ``after`` only those whose external id follows it
    (a page's keyset: external ids are unique in a project), at most ``limit``. 400 for a round number the project
    does not have."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} not found")
    state = state_of_patient(session, project_id)
    query = (
        select(Patient, Volume.shape, Annotation.version, state)
        .join(Volume, Volume.id == Patient.primary_volume_id)
        .outerjoin(Annotation, Annotation.id == Patient.accepted_annotation_id)
        .where(Patient.project_id == project_id)
        .order_by(Patient.external_id)
    )
    if filters.search:
        query = query.where(Patient.external_id.icontains(filters.search, autoescape=True))
    if filters.split is not None:
        query = query.where(Patient.split == str(filters.split))
    if filters.state is not None:
        query = query.where(state == str(filters.state), *_implied_by(filters.state))
    if filters.round_number is not None:
        round_id = session.scalar(
            select(Round.id).where(Round.project_id == project_id, Round.number == filters.round_number)
        )
        if round_id is None:
            raise BadInput(f"This project has no round {filters.round_number}")
        query = query.where(exists().where(Score.round_id == round_id, Score.patient_id == Patient.id, Score.selected))
    if filters.ids is not None:
        query = query.where(Patient.id.in_(filters.ids))
    if after is not None:
        query = query.where(keyset.after([Patient.external_id], [after]))
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.execute(query))
    costs = budget_service.patient_costs_cents(session, project, [patient.id for patient, *_ in rows])
    return [
        PatientSummary(
            id=patient.id,
            external_id=patient.external_id,
            split=patient.split,
            status=patient.status,
            state=PatientState(word),
            annotation_version=version,
            shape=shape,
            cost=costs[patient.id] / 100,
        )
        for patient, shape, version, word in rows
    ]


def _implied_by(state: PatientState) -> list[ColumnElement[bool]]:
    """What a patient in ``state`` must have, besides the state rule itself: a rare state (a few reservations or open
    skips among 100,000 patients) is then found from its own table instead of by evaluating the rule on every patient
    in external-id order. Never sufficient: the rule (``state_of_patient``) still decides."""
    if state == PatientState.reserved:
        return [Patient.id.in_(select(Reservation.patient_id).where(Reservation.expires_at > utcnow()))]
    if state == PatientState.set_aside:
        return [Patient.id.in_(select(Skip.patient_id).where(Skip.resolved_at.is_(None)))]
    return []


def summaries(session: Session, project_id: uuid.UUID, ids: Iterable[uuid.UUID]) -> list[PatientSummary]:
    """The list rows of just these patients (what a split change or an import answers), in external-id order,
    without reading the rest of the project."""
    wanted = frozenset(ids)
    return list_for_project(session, project_id, PatientFilters(ids=wanted)) if wanted else []


def shown_modality(volume_modality: str, project_modality: str) -> str:
    """A NIfTI or PNG file carries no modality, so its volume is stored as "OT"; an MR project's patient must not be
    shown as "OT" then: the project's declared modality is what its studies are. A DICOM series keeps its own."""
    if volume_modality and volume_modality.upper() != UNKNOWN_MODALITY:
        return volume_modality
    return project_modality


def detail(
    session: Session,
    patient: Patient,
    project: Project,
    masks: CaseMasks,
    *,
    annotation: Annotation | None,
    prediction: Prediction | None,
) -> PatientDetail:
    """The case payload; ``masks`` (``backend.patient.masks.for_viewer``) is per caller, since drafts are private;
    ``annotation`` and ``prediction`` are the patient's accepted annotation and latest prediction."""
    volume = primary_volume(session, patient)
    study = session.get(Study, volume.study_id)
    study_date = (volume.extra or {}).get(STUDY_DATE_KEY)
    from_dicom = volume.source_format == "dicom"
    return PatientDetail(
        id=patient.id,
        external_id=patient.external_id,
        project_id=patient.project_id,
        split=patient.split,
        status=patient.status,
        shape=volume.shape,
        spacing=volume.spacing,
        modality=shown_modality(volume.modality, project.modality),
        study_date=date.fromisoformat(study_date) if isinstance(study_date, str) else None,
        # A file's "descriptions" are its file name, which names the patient: only DICOM series have real ones.
        study_description=study.description if study and from_dicom else "",
        series_description=volume.description if from_dicom else "",
        has_prediction=prediction is not None,
        has_uncertainty=prediction is not None and prediction.uncertainty_key is not None,
        annotation_version=annotation.version if annotation else None,
        labels=label_defs(project),
        masks=masks,
    )


def set_split(session: Session, patient: Patient, split: str) -> Patient:
    if split not in {s.value for s in Split}:
        raise BadInput(f"split must be one of {', '.join(s.value for s in Split)}")
    patient.split = split
    session.flush()
    return patient
