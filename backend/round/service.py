from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput, Conflict, NotFound
from backend.models import Job, Patient, Project, Round, Score, User
from backend.round.schemas import RoundRead, ScoreRead
from backend.round.state import OPEN_FOR_ANNOTATION, RUNNING, RoundStatus, transition

# Kept in step with worker.ml.scoring's registry; the API must not import the worker to ask it.
AVAILABLE_STRATEGIES = ("random", "entropy", "unetpp_heads", "mc_dropout")
ROUND_JOB = "round"


def check_strategy(strategy: str) -> str:
    if strategy not in AVAILABLE_STRATEGIES:
        raise BadInput(f"Unknown strategy {strategy!r}; choose one of {', '.join(AVAILABLE_STRATEGIES)}")
    return strategy


def list_for_project(session: Session, project_id: uuid.UUID) -> list[Round]:
    return list(session.scalars(select(Round).where(Round.project_id == project_id).order_by(Round.number.desc())))


def get_or_raise(session: Session, round_id: uuid.UUID) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise NotFound(f"Round {round_id} not found")
    return found


def active_round(session: Session, project_id: uuid.UUID) -> Round | None:
    return session.scalar(
        select(Round)
        .where(Round.project_id == project_id, Round.status.in_([str(s) for s in RUNNING]))
        .order_by(Round.number.desc())
    )


def open_round(session: Session, project_id: uuid.UUID) -> Round | None:
    """The round whose selection radiologists currently work through."""
    return session.scalar(
        select(Round)
        .where(Round.project_id == project_id, Round.status.in_([str(s) for s in OPEN_FOR_ANNOTATION]))
        .order_by(Round.number.desc())
    )


def start(
    session: Session,
    *,
    project: Project,
    user: User,
    strategy: str | None,
    batch_size: int | None,
    config: dict[str, Any] | None = None,
) -> tuple[Round, Job]:
    """Create a round and its job; the caller commits, then enqueues the job."""
    if active_round(session, project.id) is not None:
        raise Conflict("A round is already running for this project; wait for it or cancel it")
    previous = open_round(session, project.id)
    if previous is not None:
        transition(session, previous.id, to=RoundStatus.closed)
    number = (session.scalar(select(func.max(Round.number)).where(Round.project_id == project.id)) or 0) + 1
    new_round = Round(
        project_id=project.id,
        number=number,
        status=str(RoundStatus.created),
        strategy=check_strategy(strategy or project.strategy),
        batch_size=batch_size or project.batch_size,
        seed=number,
        metrics={},
    )
    session.add(new_round)
    session.flush()
    job = Job(round_id=new_round.id, kind=ROUND_JOB, status="queued", progress={}, config=config or {})
    session.add(job)
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="round.start",
        target_type="round",
        target_id=new_round.id,
        details={"strategy": new_round.strategy, "batch_size": new_round.batch_size},
    )
    return new_round, job


def round_job(session: Session, round_id: uuid.UUID) -> Job | None:
    return session.scalar(select(Job).where(Job.round_id == round_id).order_by(Job.created_at.desc()))


def to_read(session: Session, found: Round) -> RoundRead:
    read = RoundRead.model_validate(found)
    job = round_job(session, found.id)
    read.progress = dict(job.progress) if job is not None else {}
    return read


def scores(session: Session, round_id: uuid.UUID) -> list[ScoreRead]:
    rows = session.execute(
        select(Score, Patient.external_id)
        .join(Patient, Patient.id == Score.patient_id)
        .where(Score.round_id == round_id)
        .order_by(Score.rank)
    )
    return [
        ScoreRead(
            patient_id=score.patient_id,
            external_id=external_id,
            rank=score.rank,
            score=score.value,
            components=score.components,
            selected=score.selected,
        )
        for score, external_id in rows
    ]
