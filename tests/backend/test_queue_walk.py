"""The queue walks a round's selection in rank order and stops as soon as its answer is known (issue 16): its cost
no longer grows with the selection. Stopping early must change no answer, so every walk is compared with the rule
as it was before, applied to the whole selection (the oracle below), under random budgets, prices, skips,
colleagues' reservations and quotas, with more selected cases than one chunk of the walk.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.db.base import utcnow
from backend.models import Patient, Project, ProjectMember, Reservation, Round, Score, Skip, User
from backend.models.patient import PatientStatus
from backend.project import quotas
from backend.project.schemas import PatientState
from backend.reservation import service as reservation_service
from backend.worklist import service as worklist
from backend.worklist.service import Withheld
from tests.backend.helpers import add_bare_patient
from tests.conftest import login

SELECTED = 600  # more than two chunks of the walk


@dataclass(frozen=True)
class Selection:
    project_id: uuid.UUID
    round_id: uuid.UUID
    patients: list[uuid.UUID]  # in rank order


@pytest.fixture
def selection(demo: dict[str, str]) -> Selection:
    """A published round that selected 600 patients of varied size, written directly (an import would take minutes)."""
    from backend.db.session import session_scope

    project_id = uuid.UUID(demo["project_id"])
    ids: list[uuid.UUID] = []
    with session_scope() as session:
        for i in range(SELECTED):
            slices = 10 + (i * 37) % 50
            patient = add_bare_patient(session, project_id, f"walk-{i:04d}", [32, 32, slices], "MR")
            ids.append(patient.id)
        found = Round(project_id=project_id, number=1, status="ready", strategy="random", batch_size=SELECTED)
        session.add(found)
        session.flush()
        for rank, patient_id in enumerate(ids, start=1):
            session.add(Score(round_id=found.id, patient_id=patient_id, value=1.0 / rank, rank=rank, selected=True))
        return Selection(project_id, found.id, ids)


def _oracle(session: Session, project: Project, current: Round, user: User) -> list[worklist.Candidate]:
    """The rule before issue 16, over the whole selection at once."""
    rows = session.execute(
        select(Score, Patient)
        .join(Patient, Patient.id == Score.patient_id)
        .where(Score.round_id == current.id, Score.selected, Patient.status == PatientStatus.unlabeled)
        .order_by(Score.rank)
    )
    pairs = list(rows)
    ids = [patient.id for _, patient in pairs]
    skipped = reservation_service.open_skips(session, ids)
    taken = reservation_service.reserved_by_others(session, ids, user)
    mine = reservation_service.mine(session, ids, user)
    prices = budget_service.patient_prices(session, project, ids)
    left = budget_service.remaining_cents(project)
    quota = quotas.quota_left(session, project.id, user)
    offered = 0
    result = []
    for score, patient in pairs:
        cost = prices[patient.id].cost_cents
        withheld: Withheld | None = None
        if patient.id in skipped:
            withheld = Withheld.skipped
        elif cost > left:
            withheld = Withheld.budget
        else:
            left -= cost
            if patient.id in taken:
                withheld = Withheld.reserved
            elif quota is not None and offered >= quota:
                withheld = Withheld.quota
            else:
                offered += 1
        result.append(worklist.Candidate(score, patient, cost, None, withheld, mine.get(patient.id)))
    return result


def _key(candidate: worklist.Candidate) -> tuple[uuid.UUID, int, Withheld | None]:
    return candidate.patient.id, candidate.cost_cents, candidate.withheld


@pytest.fixture
def session(selection: Selection) -> Iterator[Session]:
    """One transaction per example, rolled back: every example starts from the same selection."""
    from backend.db.session import session_factory

    with session_factory()() as session:
        yield session
        session.rollback()


situations = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["flat", "volume"]),
        "base": st.sampled_from([0, 1, 100]),
        "per_slice": st.sampled_from([0, 3]),
        "budget": st.integers(min_value=0, max_value=60_000),
        "skips": st.sets(st.integers(0, SELECTED - 1), max_size=40),
        "taken": st.sets(st.integers(0, SELECTED - 1), max_size=40),
        "mine": st.sets(st.integers(0, SELECTED - 1), max_size=5),
        "quota": st.one_of(st.none(), st.integers(0, 400)),
        "wanted": st.integers(1, 700),
        "probe": st.integers(0, SELECTED - 1),
    }
)


_PLAIN = {"mode": "flat", "base": 100, "per_slice": 0, "skips": set(), "taken": set(), "mine": set(), "probe": 5}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(situation=situations)
@example(situation={**_PLAIN, "budget": 25_700, "quota": None, "wanted": 700})  # ends on chunk 2
@example(situation={**_PLAIN, "budget": 900, "quota": 2, "taken": {0}, "wanted": 700, "probe": 3})  # quota ends it
@example(situation={**_PLAIN, "mode": "volume", "base": 0, "per_slice": 3, "budget": 500, "quota": None, "wanted": 9})
def test_the_walk_answers_as_the_whole_selection_does(
    situation: dict[str, Any], session: Session, selection: Selection
) -> None:
    session.rollback()  # a failed example (Hypothesis then shrinks it) must not leave its rows to the next
    project = session.get_one(Project, selection.project_id)
    project.cost_mode = situation["mode"]
    project.cost_per_patient_cents = situation["base"]
    project.cost_per_slice_cents = situation["per_slice"]
    project.budget_total_cents = project.budget_spent_cents + situation["budget"]
    reader = session.scalars(select(User).where(User.username == "radiologist")).one()
    colleague = session.scalars(select(User).where(User.username == "lead")).one()
    member = session.scalars(
        select(ProjectMember).where(ProjectMember.project_id == project.id, ProjectMember.user_id == reader.id)
    ).one()
    member.quota = situation["quota"]
    soon = utcnow() + timedelta(minutes=30)
    for i in situation["skips"]:
        session.add(Skip(patient_id=selection.patients[i], user_id=colleague.id, reason="other"))
    for i in situation["taken"] - situation["mine"]:
        session.add(Reservation(patient_id=selection.patients[i], user_id=colleague.id, expires_at=soon))
    for i in situation["mine"] - situation["taken"]:
        session.add(Reservation(patient_id=selection.patients[i], user_id=reader.id, expires_at=soon))
    session.flush()
    current = session.get_one(Round, selection.round_id)

    everything = _oracle(session, project, current, reader)
    offered = [_key(c) for c in everything if c.withheld is None]
    walked = worklist.candidates(session, project, current, reader, wanted=situation["wanted"])
    assert [_key(c) for c in walked if c.withheld is None] == offered[: situation["wanted"]]
    assert [_key(c) for c in walked] == [_key(c) for c in everything[: len(walked)]]  # a prefix of the whole

    probe = selection.patients[situation["probe"]]
    expected = next(c for c in everything if c.patient.id == probe)
    found = worklist.offer(session, project, probe, reader)
    assert found is not None and _key(found) == _key(expected)
    assert found.reserved_until == expected.reserved_until
    session.rollback()


def test_the_queue_lists_the_first_suggestions_and_honours_its_limit(client: TestClient, selection: Selection) -> None:
    from backend.db.session import session_scope

    with session_scope() as session:  # a budget that covers every selected case
        project = session.get_one(Project, selection.project_id)
        project.budget_total_cents = project.budget_spent_cents + 100 * SELECTED * max(
            1, project.cost_per_patient_cents
        )
    reader = login(client, "radiologist")
    default = client.get("/api/queue", headers=reader)
    assert default.status_code == 200, default.text
    ranks = [item["rank"] for item in default.json()]
    assert ranks == list(range(1, worklist.QUEUE_LIMIT + 1))
    assert [item["rank"] for item in client.get("/api/queue?limit=7", headers=reader).json()] == list(range(1, 8))
    for bad in ("0", str(worklist.MAX_QUEUE_LIMIT + 1), "x"):
        assert client.get(f"/api/queue?limit={bad}", headers=reader).status_code == 422
    # A case far down the selection is still offered to a reader who opens it (its walk stops at its rank).
    last = selection.patients[-1]
    reserved = client.post(f"/api/patients/{last}/reservation", headers=reader)
    assert reserved.status_code == 200, reserved.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    skips=st.sets(st.integers(0, SELECTED - 1), max_size=30),
    reserved=st.sets(st.integers(0, SELECTED - 1), max_size=30),
    expired=st.sets(st.integers(0, SELECTED - 1), max_size=10),
    annotated=st.sets(st.integers(0, SELECTED - 1), max_size=30),
    validation=st.sets(st.integers(0, SELECTED - 1), max_size=30),
    unselected=st.sets(st.integers(0, SELECTED - 1), max_size=30),
    published=st.booleans(),
)
def test_the_counts_add_up_as_each_patients_state_does(
    session: Session,
    selection: Selection,
    skips: set[int],
    reserved: set[int],
    expired: set[int],
    annotated: set[int],
    validation: set[int],
    unselected: set[int],
    published: bool,
) -> None:
    """The project's counts (set arithmetic on indexes) agree with the per-patient rule (one CASE per patient) for
    every mix of states, overlapping ones included (a validation patient with a reservation, a skipped annotated
    case, an expired reservation...)."""
    from backend.project.counts import patient_states, project_counts

    session.rollback()  # a failed example (Hypothesis then shrinks it) must not leave its rows to the next
    lead = session.scalars(select(User).where(User.username == "lead")).one()
    ids = selection.patients
    for i in annotated:
        session.get_one(Patient, ids[i]).status = PatientStatus.annotated
    for i in validation:
        session.get_one(Patient, ids[i]).split = "validation"
    for i in skips:
        session.add(Skip(patient_id=ids[i], user_id=lead.id, reason="other"))
    for i in reserved | expired:
        when = utcnow() + (timedelta(minutes=30) if i in reserved else -timedelta(minutes=1))
        session.add(Reservation(patient_id=ids[i], user_id=lead.id, expires_at=when))
    for i in unselected:
        session.scalars(select(Score).where(Score.patient_id == ids[i])).one().selected = False
    session.get_one(Round, selection.round_id).status = "ready" if published else "closed"
    session.flush()

    states = patient_states(session, selection.project_id)
    counts = project_counts(session, selection.project_id).model_dump()
    assert counts.pop("patients") == len(states)
    assert counts == {state.value: sum(s == state for s in states.values()) for state in PatientState}
    session.rollback()
