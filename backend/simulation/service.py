"""Starting and reading the simulated random-selection baseline (the worker side is worker/tasks/simulation.py).

The baseline answers "would random picking have done as well?" by replaying the project's rounds with one change:
the patients a round selected are replaced by randomly drawn pool patients with ground truth. Everything else is
the rounds' own: the real initial patients, the weights the first round started from (its recorded Genesis
backbone, or none), each round's training settings and validation patients, and continual fine-tuning from the
previous round's model. So at the initial size the two curves agree up to seed noise, and any later gap is the
selection's. Ground truth is what the project already has accepted labels for (imported, a reader's or a lead's
correction) plus hidden reference labels, which exist for exactly this purpose.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput, Conflict
from backend.jobs import lifecycle
from backend.jobs.names import SIMULATION_JOB
from backend.models import Job, Patient, Project, ReferenceLabel, Round, User
from backend.models.patient import Split
from backend.simulation.schemas import SimulationRead, SimulationResult


@dataclass(frozen=True)
class CurveSize:
    """One round of the real curve to replay: its training-set size and the round whose recipe to reuse."""

    n_labeled: int
    round_id: uuid.UUID


def real_curve_sizes(session: Session, project_id: uuid.UUID) -> list[CurveSize]:
    """Every round on the dashboard's label-efficiency curve, in round order.

    A round is on the curve once its metrics hold a validation Dice and a training-set size (as in
    ``backend.admin.service.dashboard``). Every one is replayed, also when two trained on the same number of
    patients, because each fine-tuned the model of the one before.
    """
    sizes: list[CurveSize] = []
    for found in session.scalars(select(Round).where(Round.project_id == project_id).order_by(Round.number)):
        metrics = found.metrics or {}
        n_train = metrics.get("n_train")
        if isinstance(metrics.get("val_dice"), int | float) and isinstance(n_train, int) and n_train > 0:
            sizes.append(CurveSize(n_train, found.id))
    return sizes


def ground_truth_query(project_id: uuid.UUID) -> Select[uuid.UUID]:
    """Pool patients with an accepted annotation or a hidden reference label, by external id."""
    referenced = select(ReferenceLabel.patient_id)
    return (
        select(Patient.id)
        .where(
            Patient.project_id == project_id,
            Patient.split == str(Split.pool),
            or_(Patient.accepted_annotation_id.is_not(None), Patient.id.in_(referenced)),
        )
        .order_by(Patient.external_id)
    )


def count_ground_truth(session: Session, project_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(ground_truth_query(project_id).subquery())) or 0


def _jobs(project_id: uuid.UUID) -> Select[Job]:
    return (
        select(Job)
        .where(Job.project_id == project_id, Job.kind == SIMULATION_JOB)
        .order_by(Job.created_at.desc(), Job.id.desc())
    )


def latest_job(session: Session, project_id: uuid.UUID) -> Job | None:
    return session.scalar(_jobs(project_id).limit(1))


def latest_curve(session: Session, project_id: uuid.UUID) -> SimulationResult | None:
    """The newest result with at least one point: a fresh job that has none yet leaves the previous curve shown."""
    for job in session.scalars(_jobs(project_id)):
        if job.result and job.result.get("points"):
            return SimulationResult.model_validate(job.result)
    return None


def start(session: Session, *, project: Project, user: User, seeds: int) -> Job:
    """Create the simulation job, or refuse (409) when it could not produce a single point; the caller commits,
    then enqueues it."""
    if seeds < 1:
        raise BadInput("seeds must be at least 1")
    running = session.scalar(_jobs(project.id).where(lifecycle.is_active()).limit(1))
    if running is not None:
        raise Conflict("A random-baseline simulation is already running for this project; wait for it to finish")
    sizes = real_curve_sizes(session, project.id)
    if not sizes:
        raise Conflict(
            "The project has no finished round yet: the simulation replays the sizes of the real label-efficiency "
            "curve, so run a round first"
        )
    ground_truth = count_ground_truth(session, project.id)
    if ground_truth < min(s.n_labeled for s in sizes):
        raise Conflict(
            f"The pool has {ground_truth} patients with ground truth (annotations or hidden reference labels) but "
            f"the smallest round trained on {min(s.n_labeled for s in sizes)}; import reference labels first "
            "(POST /api/projects/{id}/imports with reference_labels=true, or the CLI's --reference-labels)"
        )
    config: dict[str, Any] = {
        "seeds": seeds,
        "sizes": [{"n_labeled": s.n_labeled, "round_id": str(s.round_id)} for s in sizes],
    }
    job = lifecycle.add_job(session, kind=SIMULATION_JOB, config=config, project_id=project.id)
    audit.record(
        session,
        user_id=user.id,
        action="simulation.random.start",
        target_type="project",
        target_id=project.id,
        details={
            "job_id": str(job.id),
            "seeds": seeds,
            "sizes": [s.n_labeled for s in sizes],
            "ground_truth": ground_truth,
        },
    )
    return job


def cancel(session: Session, *, project: Project, user: User) -> Job:
    """Stop the project's queued or running simulation; the caller commits.

    A queued job is done at once. A running one is marked cancelled here and its worker stops at its next epoch
    (it checks the job's status there); the points it already computed stay on the dashboard.
    """
    job = session.scalar(_jobs(project.id).where(lifecycle.is_active()).limit(1))
    if job is None:
        raise Conflict("No random-baseline simulation is queued or running for this project")
    previous = job.status
    if not lifecycle.cancel(session, job.id):
        raise Conflict("The simulation finished meanwhile; reload to see its result")
    audit.record(
        session,
        user_id=user.id,
        action="simulation.random.cancel",
        target_type="project",
        target_id=project.id,
        details={"job_id": str(job.id), "from": previous},
    )
    session.refresh(job)
    return job


def to_read(job: Job) -> SimulationRead:
    config = job.config or {}
    return SimulationRead(
        id=job.id,
        status=job.status,
        progress=dict(job.progress or {}),
        seeds=int(config.get("seeds", 0)),
        sizes=[int(size["n_labeled"]) for size in config.get("sizes", [])],
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=job.error,
        result=SimulationResult.model_validate(job.result) if job.result else None,
    )
