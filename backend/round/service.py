from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput, Conflict, NotFound
from backend.db.base import utcnow
from backend.jobs.settings import job_settings
from backend.models import Job, Patient, Project, Round, Score, User
from backend.round.schemas import JobRead, RoundRead, ScoreRead
from backend.round.state import CANCELLABLE, OPEN_FOR_ANNOTATION, RETRYABLE, RUNNING, RoundStatus, transition

# Kept in step with worker.ml.scoring's registry; the API must not import the worker to ask it.
AVAILABLE_STRATEGIES = ("random", "entropy", "unetpp_heads", "mc_dropout", "acft", "coreset", "hybrid")
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
    job = new_job(session, new_round, config or {})
    audit.record(
        session,
        user_id=user.id,
        action="round.start",
        target_type="round",
        target_id=new_round.id,
        details={"strategy": new_round.strategy, "batch_size": new_round.batch_size},
    )
    return new_round, job


def new_job(session: Session, found: Round, config: dict[str, Any]) -> Job:
    job = Job(
        round_id=found.id,
        kind=ROUND_JOB,
        status="queued",
        progress={},
        config=config,
        max_attempts=job_settings().max_attempts,
    )
    session.add(job)
    session.flush()
    return job


def cancel(session: Session, found: Round, user: User) -> Round:
    """Cancel a running (or ready) round; its worker stops at the next epoch. The caller commits."""
    if found.status not in CANCELLABLE:
        if found.status == RoundStatus.annotating:
            raise Conflict(f"Round {found.number} is annotating and cannot be cancelled; close it instead")
        raise Conflict(f"Round {found.number} is {found.status} and cannot be cancelled: it is not running")
    previous = found.status
    if not transition(session, found.id, to=RoundStatus.cancelled):
        raise Conflict(f"Round {found.number} changed state meanwhile ({found.status}); reload and try again")
    # A job still waiting in the queue is done now; a running one is stopped by its worker, which checks the
    # round's status between epochs and then marks its job cancelled.
    session.execute(
        update(Job)
        .where(Job.round_id == found.id, Job.status == "queued")
        .values(status="cancelled", finished_at=utcnow())
    )
    audit.record(
        session,
        user_id=user.id,
        action="round.cancel",
        target_type="round",
        target_id=found.id,
        details={"from": previous},
    )
    return found


def retry(session: Session, found: Round, user: User) -> tuple[Round, Job]:
    """Run a failed or cancelled round again with a fresh job (same config); the caller commits, then enqueues."""
    if found.status not in RETRYABLE:
        raise Conflict(f"Round {found.number} is {found.status}; only a failed or cancelled round can be retried")
    latest = session.scalar(select(func.max(Round.number)).where(Round.project_id == found.project_id))
    if latest != found.number:
        raise Conflict(f"Round {found.number} is not the project's latest round ({latest}); start a new round instead")
    other = active_round(session, found.project_id)
    if other is not None:
        raise Conflict(f"Round {other.number} is already running for this project; wait for it or cancel it")
    previous_job = round_job(session, found.id)
    previous = found.status
    if not transition(session, found.id, to=RoundStatus.created):
        raise Conflict(f"Round {found.number} changed state meanwhile ({found.status}); reload and try again")
    job = new_job(session, found, dict(previous_job.config) if previous_job is not None else {})
    audit.record(
        session,
        user_id=user.id,
        action="round.retry",
        target_type="round",
        target_id=found.id,
        details={"from": previous},
    )
    return found, job


def round_job(session: Session, round_id: uuid.UUID) -> Job | None:
    return session.scalar(select(Job).where(Job.round_id == round_id).order_by(Job.created_at.desc()))


def to_read(session: Session, found: Round) -> RoundRead:
    read = RoundRead.model_validate(found)
    job = round_job(session, found.id)
    read.progress = dict(job.progress) if job is not None else {}
    read.job = JobRead.model_validate(job) if job is not None else None
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
