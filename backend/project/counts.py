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
    """The project's patients by state (the parts add up to ``patients``), counted by the database."""
    states = (
        select(state_of_patient(session, project_id).label("state")).where(Patient.project_id == project_id).subquery()
    )
    by_state = {
        PatientState(word): count
        for word, count in session.execute(select(states.c.state, func.count()).group_by(states.c.state))
    }
    return ProjectCounts(
        patients=sum(by_state.values()), **{state.value: by_state.get(state, 0) for state in PatientState}
    )
