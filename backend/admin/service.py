"""User management and the project dashboard (rounds, Dice, label efficiency and its simulated random baseline,
uncertainty, throughput, reading-time model, forecast)."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.admin.schemas import (
    Dashboard,
    EfficiencyPoint,
    Histogram,
    RoundTimeline,
    Throughput,
)
from backend.audit import service as audit
from backend.auth import sessions
from backend.budget import outlook
from backend.core.errors import BadInput, NotFound
from backend.models import Annotation, Job, Patient, Project, Round, Score, User
from backend.models.user import Role
from backend.project.counts import project_counts
from backend.project.labels import label_defs
from backend.round import service as round_service
from backend.round.state import RUNNING
from backend.simulation import service as simulation_service
from backend.user import service as user_service

HISTOGRAM_BINS = 10


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
        simulation=simulation_service.to_read(simulation) if simulation is not None else None,
        random_curve=random_curve,
        reading_time=outlook.reading_time_summary(session, project),
        forecast=outlook.project_forecast(session, project, measured, random_curve),
    )


def _histograms(session: Session, rounds: list[Round]) -> list[Histogram]:
    """Uncertainty scores of each round, binned on edges shared by every round so they compare."""
    by_round: dict[int, list[float]] = {}
    numbers = {r.id: r.number for r in rounds}
    if not numbers:
        return []
    for round_id, value in session.execute(
        select(Score.round_id, Score.value).where(Score.round_id.in_(list(numbers)))
    ):
        by_round.setdefault(numbers[round_id], []).append(float(value))
    values = [v for vs in by_round.values() for v in vs if np.isfinite(v)]
    if not values:
        return []
    low, high = min(values), max(values)
    if high <= low:
        high = low + 1e-6
    edges = np.linspace(low, high, HISTOGRAM_BINS + 1)
    result = []
    for number in sorted(by_round):
        finite = [v for v in by_round[number] if np.isfinite(v)]
        counts, _ = np.histogram(finite, bins=edges)
        result.append(
            Histogram(round=number, edges=[float(e) for e in edges], counts=[int(c) for c in counts], n=len(finite))
        )
    return result


def _throughput(session: Session, project_id: uuid.UUID) -> list[Throughput]:
    """Per reader: patients annotated, cases per hour of recorded annotation time, median seconds per case."""
    rows = session.execute(
        select(User.username, Annotation.patient_id, Annotation.time_spent_s)
        .join(User, User.id == Annotation.author_id)
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project_id, Annotation.source == "human")
    ).all()
    patients: dict[str, set[uuid.UUID]] = defaultdict(set)
    times: dict[str, list[float]] = defaultdict(list)
    for username, patient_id, seconds in rows:
        patients[username].add(patient_id)
        if seconds is not None and seconds > 0:
            times[username].append(float(seconds))
    result = []
    for username in sorted(patients):
        spent = times[username]
        hours = sum(spent) / 3600
        result.append(
            Throughput(
                username=username,
                cases=len(patients[username]),
                timed_cases=len(spent),
                hours=round(hours, 4),
                cases_per_hour=round(len(spent) / hours, 2) if hours > 0 else None,
                median_seconds=round(statistics.median(spent), 1) if spent else None,
            )
        )
    return result
