"""Where each patient of a project stands, and the project's counts: the one source of both.

The project card, the project list, the lead's page, the dashboard and the patient list (and its state filter) all
read these, so two pages can no longer count "annotated" or "unlabelled" differently. Every patient is in exactly one
state:

validation (by split) > annotated > reserved (a live reservation) > set aside (an open skip of a selected case) >
queued (in the open round's selection) > unlabeled.

The rule is one SQL ``CASE`` (:func:`state_of_patient`), so a list can filter by state in the database and the counts
are a ``GROUP BY``: neither loads the project's patients into Python.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, String, and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from backend.db.base import utcnow
from backend.models import Patient, Reservation, Score, Skip
from backend.models.patient import PatientStatus, Split
from backend.project.schemas import PatientState, ProjectCounts
from backend.round import service as round_service


def _word(state: PatientState) -> ColumnElement[str]:
    # Rendered inline, not bound: a bound parameter per branch would make Postgres unable to type the CASE (and to
    # match it in a GROUP BY); the words are the enum's own constants, never user input.
    return literal(state.value, String(16), literal_execute=True)


def state_of_patient(session: Session, project_id: uuid.UUID) -> ColumnElement[str]:
    """The :class:`PatientState` of each ``Patient`` row of the project, as one SQL expression over ``patients``.

    Correlated ``EXISTS`` per rule (reservations, the open round's selection, open skips all have a patient index),
    so it costs the same in a select list, a ``WHERE`` and a ``GROUP BY``. The open round is looked up here once."""
    reserved = exists().where(Reservation.patient_id == Patient.id, Reservation.expires_at > utcnow())
    whens: list[tuple[ColumnElement[bool], ColumnElement[str]]] = [
        (Patient.split == str(Split.validation), _word(PatientState.validation)),
        (Patient.status == str(PatientStatus.annotated), _word(PatientState.annotated)),
        (Patient.status == str(PatientStatus.in_review), _word(PatientState.in_review)),
        (reserved, _word(PatientState.reserved)),
    ]
    current = round_service.open_round(session, project_id)
    if current is not None:
        selected = exists().where(Score.round_id == current.id, Score.patient_id == Patient.id, Score.selected)
        # Any open skip hides a selected case from the queue (``backend.worklist.service``), whichever round it was.
        open_skip = exists().where(Skip.patient_id == Patient.id, Skip.resolved_at.is_(None))
        whens += [
            (and_(selected, open_skip), _word(PatientState.set_aside)),
            (selected, _word(PatientState.queued)),
        ]
    return case(*whens, else_=_word(PatientState.unlabeled))


def patient_states(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, PatientState]:
    """Every patient of the project with its state, in one query (and the open round's) whatever the project's size."""
    state = state_of_patient(session, project_id)
    rows = session.execute(select(Patient.id, state).where(Patient.project_id == project_id))
    return {patient_id: PatientState(word) for patient_id, word in rows}


def project_counts(session: Session, project_id: uuid.UUID) -> ProjectCounts:
    """The project's patients by state (the parts add up to ``patients``), counted by the database.

    The same rule as :func:`state_of_patient`, counted without evaluating it per patient (issue 16: the project list
    recounted 100,000 patients per project on every call): split and status are counted from an index
    (``ix_patients_project_id_split_status``); reserved, set aside and queued come from the small sets that define
    them (live reservations, the open round's selection); unlabelled is what is left.
    """
    by_split_status = session.execute(
        select(Patient.split, Patient.status, func.count())
        .where(Patient.project_id == project_id)
        .group_by(Patient.split, Patient.status)
    ).all()
    total = sum(n for _, _, n in by_split_status)
    validation = sum(n for split, _, n in by_split_status if split == Split.validation)
    annotated = sum(
        n for split, status, n in by_split_status if split != Split.validation and status == PatientStatus.annotated
    )
    in_review = sum(
        n for split, status, n in by_split_status if split != Split.validation and status == PatientStatus.in_review
    )
    # Neither validation, annotated nor in review: the patients the remaining states share out.
    open_case = and_(
        Patient.project_id == project_id,
        Patient.split != str(Split.validation),
        Patient.status.not_in([str(PatientStatus.annotated), str(PatientStatus.in_review)]),
    )
    live = and_(Reservation.patient_id == Patient.id, Reservation.expires_at > utcnow())
    reserved = session.scalar(select(func.count()).select_from(Reservation).join(Patient, live).where(open_case)) or 0
    queued = set_aside = 0
    current = round_service.open_round(session, project_id)
    if current is not None:
        open_skip = exists().where(Skip.patient_id == Patient.id, Skip.resolved_at.is_(None))
        rows = session.execute(
            select(open_skip, func.count())
            .select_from(Score)
            .join(Patient, Patient.id == Score.patient_id)
            .where(Score.round_id == current.id, Score.selected, open_case, ~exists().where(live))
            .group_by(open_skip)
        ).all()
        set_aside = sum(n for skipped, n in rows if skipped)
        queued = sum(n for skipped, n in rows if not skipped)
    return ProjectCounts(
        patients=total,
        validation=validation,
        annotated=annotated,
        in_review=in_review,
        reserved=reserved,
        set_aside=set_aside,
        queued=queued,
        unlabeled=total - validation - annotated - in_review - reserved - set_aside - queued,
    )
