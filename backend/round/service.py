from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core import keyset
from backend.core.errors import BadInput, BudgetExceeded, Conflict, NotFound
from backend.jobs.lifecycle import add_job, cancel_queued
from backend.jobs.names import ROUND_JOB
from backend.models import Job, Patient, Project, Round, Score, User
from backend.models.patient import PatientStatus, Split
from backend.round.schemas import JobRead, RoundRead, ScoreRead
from backend.round.state import CANCELLABLE, OPEN_FOR_ANNOTATION, RETRYABLE, RUNNING, RoundStatus, transition
from backend.strategy.reason import explain, voxel_ml_of
from backend.strategy.schemas import Strategy

AVAILABLE_STRATEGIES: tuple[str, ...] = tuple(Strategy)


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


def in_review(session: Session, project_id: uuid.UUID) -> Round | None:
    """A finished round whose selection waits for the lead (projects without auto-publish)."""
    return session.scalar(
        select(Round).where(Round.project_id == project_id, Round.status == str(RoundStatus.review)).limit(1)
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
    waiting = in_review(session, project.id)
    if waiting is not None:
        raise Conflict(f"Round {waiting.number} awaits approval of its selection; approve or cancel it first")
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
    return add_job(session, kind=ROUND_JOB, config=config, round_id=found.id)


def cancel(session: Session, found: Round, user: User) -> Round:
    """Cancel a running, in-review or ready round; its worker stops at the next epoch. The caller commits."""
    if found.status not in CANCELLABLE:
        if found.status == RoundStatus.annotating:
            raise Conflict(f"Round {found.number} is annotating and cannot be cancelled; close it instead")
        raise Conflict(f"Round {found.number} is {found.status} and cannot be cancelled: it is not running")
    previous = found.status
    if not transition(session, found.id, to=RoundStatus.cancelled):
        raise Conflict(f"Round {found.number} changed state meanwhile ({found.status}); reload and try again")
    cancel_queued(session, found.id)
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


# A scores page's keyset: rank, then the row id (ranks are unique per round in practice; the id makes it certain).
SCORE_KEY: tuple[type, ...] = (int, uuid.UUID)


@dataclass(frozen=True)
class ScoreRow:
    """One row of the scores list and its sort key (what a page's cursor carries)."""

    read: ScoreRead
    key: tuple[int, uuid.UUID]


def scores(
    session: Session,
    found: Round,
    *,
    selected: bool | None = None,
    after: tuple[Any, ...] | None = None,
    limit: int | None = None,
) -> list[ScoreRow]:
    """The round's scored patients in rank order (only the selected ones, or only the others, by ``selected``), after
    the key ``after`` and at most ``limit`` of them, each with what annotating it costs now and its predicted reading
    time. Read from the (round, rank) index, so a page costs the same however many patients the round scored."""
    project = session.get(Project, found.project_id)
    assert project is not None
    query = (
        select(Score, Patient.external_id)
        .join(Patient, Patient.id == Score.patient_id)
        .where(Score.round_id == found.id)
        .order_by(Score.rank, Score.id)
    )
    if selected is not None:
        # The bare column (not ``= true``), so the planner matches the partial index on the selected rows.
        query = query.where(Score.selected if selected else ~Score.selected)
    if after is not None:
        query = query.where(keyset.after([Score.rank, Score.id], after))
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.execute(query))
    prices = budget_service.patient_prices(session, project, [score.patient_id for score, _ in rows])
    sizes = voxel_ml_of(session, [score.patient_id for score, _ in rows])
    return [
        ScoreRow(
            read=ScoreRead(
                patient_id=score.patient_id,
                external_id=external_id,
                rank=score.rank,
                score=score.value,
                components=score.components,
                reason=explain(found.strategy, score.components, sizes[score.patient_id]),
                selected=score.selected,
                cost=prices[score.patient_id].cost_cents / 100,
                predicted_minutes=prices[score.patient_id].predicted_minutes,
            ),
            key=(score.rank, score.id),
        )
        for score, external_id in rows
    ]


# --- approving a round's selection (projects without auto-publish) --------------------------------------------


def approve(session: Session, found: Round, user: User, patient_ids: list[uuid.UUID] | None) -> Round:
    """Publish a round in review: keep its proposed selection (``patient_ids`` None) or replace it.

    The chosen patients must be unlabelled pool patients scored in this round, and together cost no more than the
    remaining budget (per-patient costs); otherwise nothing changes. The caller commits.
    """
    if found.status != RoundStatus.review:
        raise Conflict(f"Round {found.number} is {found.status}; only a round in review can be approved")
    project = session.get(Project, found.project_id, populate_existing=True)
    assert project is not None
    scored = {score.patient_id: score for score in session.scalars(select(Score).where(Score.round_id == found.id))}
    proposed = [patient_id for patient_id, score in scored.items() if score.selected]
    chosen = proposed if patient_ids is None else _check_choice(session, scored, patient_ids)
    costs = budget_service.patient_costs_cents(session, project, chosen)
    total = sum(costs.values())
    remaining = budget_service.remaining_cents(project)
    if total > remaining:
        raise BudgetExceeded(
            f"The selection costs {total / 100:.2f} but only {remaining / 100:.2f} of the budget remains; "
            "deselect some patients or raise the budget"
        )
    if not transition(session, found.id, to=RoundStatus.ready):
        raise Conflict(f"Round {found.number} changed state meanwhile ({found.status}); reload and try again")
    wanted = set(chosen)
    for patient_id, score in scored.items():
        score.selected = patient_id in wanted
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="round.approve",
        target_type="round",
        target_id=found.id,
        details={
            "patient_ids": [str(i) for i in chosen],
            "changed": set(proposed) != wanted,
            "cost_cents": total,
        },
    )
    return found


def _check_choice(session: Session, scored: dict[uuid.UUID, Score], patient_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The lead's selection, refused (422) unless every patient is an unlabelled pool patient of this round."""
    if len(set(patient_ids)) != len(patient_ids):
        raise BadInput("Each patient may be chosen only once", status_code=422)
    unknown = [str(i) for i in patient_ids if i not in scored]
    if unknown:
        raise BadInput(f"Not scored in this round: {', '.join(unknown)}", status_code=422)
    rows = session.execute(
        select(Patient.external_id, Patient.split, Patient.status).where(Patient.id.in_(patient_ids))
    ).all()
    unavailable = sorted(
        external_id for external_id, split, status in rows if split != Split.pool or status != PatientStatus.unlabeled
    )
    if unavailable:
        raise BadInput(
            f"Only unlabelled pool patients can be selected; not available: {', '.join(unavailable)}", status_code=422
        )
    return patient_ids
