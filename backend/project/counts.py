"""Where each patient of a project stands, and the project's counts: the one source of both.

The project card, the project list, the lead's page, the dashboard and the patient list all read these, so two pages
can no longer count "annotated" or "unlabelled" differently. Every patient is in exactly one state:

validation (by split) > annotated > reserved (a live reservation) > set aside (an open skip of a selected case) >
queued (in the open round's selection) > unlabeled.
"""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.base import utcnow
from backend.models import Patient, Reservation, Score, Skip
from backend.models.patient import PatientStatus, Split
from backend.project.schemas import PatientState, ProjectCounts
from backend.round import service as round_service


def patient_states(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, PatientState]:
    """Every patient of the project with its state, in four queries whatever the project's size."""
    patients = session.execute(
        select(Patient.id, Patient.split, Patient.status).where(Patient.project_id == project_id)
    )
    reserved = set(
        session.scalars(
            select(Reservation.patient_id)
            .join(Patient, Patient.id == Reservation.patient_id)
            .where(Patient.project_id == project_id, Reservation.expires_at > utcnow())
        )
    )
    selected: set[uuid.UUID] = set()
    set_aside: set[uuid.UUID] = set()
    current = round_service.open_round(session, project_id)
    if current is not None:
        selected = set(session.scalars(select(Score.patient_id).where(Score.round_id == current.id, Score.selected)))
        # Any open skip hides a selected case from the queue (``backend.worklist.service``), whichever round it was.
        set_aside = set(
            session.scalars(
                select(Skip.patient_id)
                .join(Patient, Patient.id == Skip.patient_id)
                .where(Patient.project_id == project_id, Skip.resolved_at.is_(None))
            )
        )
    states: dict[uuid.UUID, PatientState] = {}
    for patient_id, split, status in patients:
        if split == Split.validation:
            states[patient_id] = PatientState.validation
        elif status == PatientStatus.annotated:
            states[patient_id] = PatientState.annotated
        elif patient_id in reserved:
            states[patient_id] = PatientState.reserved
        elif patient_id in set_aside and patient_id in selected:
            states[patient_id] = PatientState.set_aside
        elif patient_id in selected:
            states[patient_id] = PatientState.queued
        else:
            states[patient_id] = PatientState.unlabeled
    return states


def project_counts(session: Session, project_id: uuid.UUID) -> ProjectCounts:
    """The project's patients by state (the parts add up to ``patients``)."""
    states = patient_states(session, project_id)
    by_state = Counter(states.values())
    return ProjectCounts(patients=len(states), **{state.value: by_state[state] for state in PatientState})
