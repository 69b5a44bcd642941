"""User management and the project dashboard (rounds, Dice, label efficiency and its simulated random baseline,
uncertainty, throughput, reading-time model, forecast)."""

from __future__ import annotations

import statistics
import threading
import uuid
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from backend.admin.schemas import (
    Dashboard,
    EfficiencyPoint,
    Histogram,
    ReviewerLoad,
    RoundTimeline,
    Throughput,
)
from backend.audit import service as audit
from backend.auth import sessions
from backend.budget import outlook
from backend.core import caches
from backend.core.errors import BadInput, NotFound
from backend.models import Annotation, AuditEvent, Job, Patient, Project, ReadAgreement, Round, Score, User
from backend.models.review import AgreementKind
from backend.models.user import Role
from backend.project.counts import project_counts
from backend.project.labels import label_defs
from backend.round import service as round_service
from backend.round.state import FINAL, RUNNING
from backend.simulation import service as simulation_service
from backend.user import service as user_service

HISTOGRAM_BINS = 10
# Histograms of rounds whose scores are all written (every round FINAL), by the rounds: a dashboard poll then
# reads no score (at 178,000 scores the two scans were a third of the page's time). A few projects at a time.
# A retried round starts again (a new started_at) and writes new scores, so the key holds each round's start.
_histogram_cache: OrderedDict[tuple[tuple[uuid.UUID, datetime | None], ...], list[Histogram]] = caches.register(
    OrderedDict()
)
_HISTOGRAM_CACHE_SIZE = 32
_histogram_lock = threading.Lock()
_FINITE = 1e308  # scores outside ±this are ±inf (or NaN, which Postgres sorts above all): not binned


# --- users -------------------------------------------------------------------------------------------------------


def get_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} not found")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def create_user(session: Session, *, actor: User, username: str, password: str, role: Role) -> User:
    user = user_service.create(session, username=username, password=password, role=role)
    audit.record(
        session,
        user_id=actor.id,
        action="user.create",
        target_type="user",
        target_id=user.id,
        details={"username": username, "role": str(role)},
    )
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == Role.admin, User.is_active)) or 0


def update_user(session: Session, *, actor: User, user: User, role: Role | None, is_active: bool | None) -> User:
    """Change a role or (de)activate an account; the last active admin cannot be demoted or deactivated."""
    losing_admin = (
        user.role == Role.admin and user.is_active and ((role is not None and role != Role.admin) or is_active is False)
    )
    if losing_admin and user.id == actor.id:
        raise BadInput("You cannot demote or deactivate your own account")
    if losing_admin and _active_admins(session) <= 1:
        raise BadInput("At least one active admin must remain")
    if role is not None and role != user.role:
        before = user.role
        user.role = str(role)
        audit.record(
            session,
            user_id=actor.id,
            action="user.role.change",
            target_type="user",
            target_id=user.id,
            details={
                "username": user.username,
                "before": before,
                "after": str(role),
                # A session carries the rights it was opened with in the user's mind: log in again to get new ones.
                "sessions_ended": sessions.revoke_all(session, user.id),
            },
        )
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        # Deactivation ends every session for good: re-activating the account never brings its old tokens back.
        audit.record(
            session,
            user_id=actor.id,
            action="user.activate" if is_active else "user.deactivate",
            target_type="user",
            target_id=user.id,
            details={"username": user.username, "sessions_ended": sessions.revoke_all(session, user.id)},
        )
    session.flush()
    return user


def reset_password(session: Session, *, actor: User, user: User, password: str) -> None:
    """Set a new password and end every session of the account (a reset is what an admin does after a leak)."""
    user_service.set_password(session, user, password)
    audit.record(
        session,
        user_id=actor.id,
        action="user.password.reset",
        target_type="user",
        target_id=user.id,
        details={"username": user.username, "sessions_ended": sessions.revoke_all(session, user.id)},
    )


# --- dashboard ---------------------------------------------------------------------------------------------------


def _duration(found: Round, job: Job | None, now: datetime) -> float | None:
    """How long the round's job computed (train, score, select); a running round is measured up to now.

    The round's own finished_at moves again when it is closed, so it would count the annotation period too.
    """
    running = found.status in {str(s) for s in RUNNING}
    start: datetime | None
    end: datetime | None
    if job is not None and job.started_at is not None and (job.finished_at is not None or running):
        start, end = job.started_at, job.finished_at or now
    else:
        start, end = found.started_at or found.created_at, found.finished_at
        if end is None and running:
            end = now
    if start is None or end is None:
        return None
    return round((_aware(end) - _aware(start)).total_seconds(), 1)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def dashboard(session: Session, project: Project) -> Dashboard:
    now = datetime.now(UTC)
    rounds = sorted(round_service.list_for_project(session, project.id), key=lambda r: r.number)
    timeline: list[RoundTimeline] = []
    efficiency: list[EfficiencyPoint] = []
    for found in rounds:
        metrics = found.metrics or {}
        job = round_service.round_job(session, found.id)
        per_label = metrics.get("val_dice_per_label") or {}
        val_dice = _float(metrics.get("val_dice"))
        n_train = metrics.get("n_train")
        timeline.append(
            RoundTimeline(
                id=found.id,
                number=found.number,
                status=found.status,
                strategy=found.strategy,
                batch_size=found.batch_size,
                created_at=found.created_at,
                started_at=found.started_at,
                finished_at=found.finished_at,
                duration_s=_duration(found, job, now),
                progress=dict(job.progress) if job is not None else {},
                val_dice=val_dice,
                val_dice_per_label={str(k): float(v) for k, v in per_label.items() if isinstance(v, int | float)},
                n_train=n_train if isinstance(n_train, int) else None,
                n_selected=metrics.get("n_selected") if isinstance(metrics.get("n_selected"), int) else None,
                error=found.error,
            )
        )
        if val_dice is not None and isinstance(n_train, int):
            efficiency.append(EfficiencyPoint(round=found.number, patients_annotated=n_train, val_dice=val_dice))
    simulation = simulation_service.latest_job(session, project.id)
    random_curve = simulation_service.latest_curve(session, project.id)
    measured = [(point.patients_annotated, point.val_dice) for point in efficiency]
    return Dashboard(
        project_id=project.id,
        project_name=project.name,
        labels=label_defs(project),
        counts=project_counts(session, project.id),
        currency=project.currency,
        running=any(r.status in {str(s) for s in RUNNING} for r in rounds),
        generated_at=now,
        rounds=timeline,
        efficiency=efficiency,
        uncertainty=_histograms(session, rounds),
        throughput=_throughput(session, project.id),
        reviewers=_reviewers(session, project.id),
        simulation=simulation_service.to_read(simulation) if simulation is not None else None,
        random_curve=random_curve,
        reading_time=outlook.reading_time_summary(session, project),
        forecast=outlook.project_forecast(session, project, measured, random_curve),
    )


def _histograms(session: Session, rounds: list[Round]) -> list[Histogram]:
    """Uncertainty scores of each round, binned on edges shared by every round so they compare.

    Counted by the database (a project's rounds hold hundreds of thousands of scores): the range first, then one
    GROUP BY of each finite score's bin, bins as ``numpy.histogram`` makes them (the top edge in the last bin); kept
    in memory once every round is final, when no score can change."""
    numbers = {r.id: r.number for r in rounds}
    if not numbers:
        return []
    written = all(r.status in FINAL for r in rounds)
    key = tuple(sorted(((r.id, r.started_at) for r in rounds), key=lambda pair: str(pair[0])))
    if written:
        with _histogram_lock:
            hit = _histogram_cache.get(key)
            if hit is not None:
                _histogram_cache.move_to_end(key)
                return [h.model_copy(deep=True) for h in hit]
    histograms = _count_histograms(session, numbers)
    if written:
        with _histogram_lock:
            _histogram_cache[key] = [h.model_copy(deep=True) for h in histograms]
            while len(_histogram_cache) > _HISTOGRAM_CACHE_SIZE:
                _histogram_cache.popitem(last=False)
    return histograms


def _count_histograms(session: Session, numbers: dict[uuid.UUID, int]) -> list[Histogram]:
    finite = and_(Score.round_id.in_(list(numbers)), Score.value > -_FINITE, Score.value < _FINITE)
    extent = select(func.min(Score.value), func.max(Score.value), func.count()).where(finite)
    low, high, n = session.execute(extent).one()
    if not n:
        return []
    low, high = float(low), float(high)
    if high <= low:
        high = low + 1e-6
    edges = np.linspace(low, high, HISTOGRAM_BINS + 1)
    scaled = (Score.value - literal(low)) / literal(high - low) * HISTOGRAM_BINS
    index = case((scaled >= HISTOGRAM_BINS, HISTOGRAM_BINS - 1), else_=cast(func.floor(scaled), Integer))
    counts: dict[int, list[int]] = {number: [0] * HISTOGRAM_BINS for number in numbers.values()}
    for round_id, bin_index, count in session.execute(
        select(Score.round_id, index, func.count()).where(finite).group_by(Score.round_id, index)
    ):
        counts[numbers[round_id]][min(max(int(bin_index), 0), HISTOGRAM_BINS - 1)] += int(count)
    return [
        Histogram(round=number, edges=[float(e) for e in edges], counts=bins, n=sum(bins))
        for number, bins in sorted(counts.items())
        if sum(bins)  # a round without finite scores (running, or every score failed) has nothing to show
    ]


def _throughput(session: Session, project_id: uuid.UUID) -> list[Throughput]:
    """Per reader: patients annotated, cases per hour of recorded annotation time, median seconds per case.

    Aggregated by the database; the median too on Postgres (``percentile_cont``). SQLite, the embedded default for
    small deployments, has no such aggregate: there the timed seconds are read to take it."""
    reads = (
        select(Annotation.patient_id, Annotation.time_spent_s, User.username)
        .join(User, User.id == Annotation.author_id)
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project_id, Annotation.source == "human")
        .subquery()
    )
    timed = reads.c.time_spent_s > 0
    postgres = session.get_bind().dialect.name == "postgresql"
    # On Postgres the median is one more aggregate of the same scan; SQLite reads the timed seconds to take it.
    middle = func.percentile_cont(0.5).within_group(reads.c.time_spent_s).filter(timed) if postgres else literal(None)
    rows = session.execute(
        select(
            reads.c.username,
            func.count(func.distinct(reads.c.patient_id)),
            func.count().filter(timed),
            func.coalesce(func.sum(reads.c.time_spent_s).filter(timed), 0.0),
            middle,
        )
        .group_by(reads.c.username)
        .order_by(reads.c.username)
    ).all()
    medians: dict[str, float] = {username: float(value) for username, *_, value in rows if value is not None}
    if not postgres:
        spent: dict[str, list[float]] = defaultdict(list)
        for username, seconds in session.execute(select(reads.c.username, reads.c.time_spent_s).where(timed)):
            spent[username].append(float(seconds))
        medians = {username: statistics.median(values) for username, values in spent.items()}
    quality = _quality(session, project_id)
    result = []
    for username, cases, timed_cases, seconds, _ in rows:
        hours = float(seconds) / 3600
        median = medians.get(username)
        mine = quality.get(username, _ReaderQuality())
        result.append(
            Throughput(
                username=username,
                cases=int(cases),
                timed_cases=int(timed_cases),
                hours=round(hours, 4),
                cases_per_hour=round(int(timed_cases) / hours, 2) if hours > 0 else None,
                median_seconds=round(median, 1) if median is not None else None,
                agreement_with_readers=_round(mine.with_readers),
                cases_read_twice=mine.read_twice,
                agreement_with_accepted=_round(mine.with_accepted),
                cases_reviewed=mine.reviewed,
                returned=mine.returned,
            )
        )
    return result


def _reviewers(session: Session, project_id: uuid.UUID) -> list[ReviewerLoad]:
    """Per reviewer, aggregated by the database from the audit trail (the one record of review decisions)."""
    accepted = AuditEvent.action == "review.accept"
    edited = and_(accepted, AuditEvent.details["edited"].as_boolean().is_(True))
    rows = session.execute(
        select(
            User.username,
            func.count().filter(accepted),
            func.count().filter(edited),
            func.count().filter(AuditEvent.action == "review.return"),
            func.coalesce(func.sum(AuditEvent.details["review_time_s"].as_float()), 0.0),
        )
        .join(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.project_id == project_id, AuditEvent.action.in_(("review.accept", "review.return")))
        .group_by(User.username)
        .order_by(User.username)
    )
    return [
        ReviewerLoad(
            username=username,
            accepted=int(n_accepted),
            edited=int(n_edited),
            returned=int(n_returned),
            hours=round(float(seconds) / 3600, 4),
        )
        for username, n_accepted, n_edited, n_returned, seconds in rows
    ]


@dataclass(frozen=True)
class _ReaderQuality:
    with_readers: float | None = None
    read_twice: int = 0
    with_accepted: float | None = None
    reviewed: int = 0
    returned: int = 0


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _quality(session: Session, project_id: uuid.UUID) -> dict[str, _ReaderQuality]:
    """Per reader, from the measured agreements (backend.review.jobs) and the review decisions: both readers of a
    double-read case share its between-reads figure."""
    between = and_(ReadAgreement.project_id == project_id, ReadAgreement.kind == str(AgreementKind.between_reads))
    both = (
        select(ReadAgreement.reader_id.label("user_id"), ReadAgreement.patient_id, ReadAgreement.dice)
        .where(between)
        .union_all(select(ReadAgreement.other_reader_id, ReadAgreement.patient_id, ReadAgreement.dice).where(between))
        .subquery()
    )
    with_readers: dict[str, tuple[float, int]] = {
        username: (float(mean), int(n))
        for username, mean, n in session.execute(
            select(User.username, func.avg(both.c.dice), func.count(func.distinct(both.c.patient_id)))
            .join(User, User.id == both.c.user_id)
            .group_by(User.username)
        )
    }
    with_accepted: dict[str, tuple[float, int]] = {
        username: (float(mean), int(n))
        for username, mean, n in session.execute(
            select(User.username, func.avg(ReadAgreement.dice), func.count(func.distinct(ReadAgreement.patient_id)))
            .join(User, User.id == ReadAgreement.reader_id)
            .where(ReadAgreement.project_id == project_id, ReadAgreement.kind == str(AgreementKind.read_vs_accepted))
            .group_by(User.username)
        )
    }
    to = AuditEvent.details["to"].as_string()
    returned: dict[str, int] = {
        str(username): int(n)
        for username, n in session.execute(
            select(to, func.count())
            .where(AuditEvent.project_id == project_id, AuditEvent.action == "review.return")
            .group_by(to)
        )
        if username is not None
    }
    return {
        username: _ReaderQuality(
            with_readers=with_readers[username][0] if username in with_readers else None,
            read_twice=with_readers[username][1] if username in with_readers else 0,
            with_accepted=with_accepted[username][0] if username in with_accepted else None,
            reviewed=with_accepted[username][1] if username in with_accepted else 0,
            returned=returned.get(username, 0),
        )
        for username in {*with_readers, *with_accepted, *returned}
    }
