"""Pre-training a project's Models Genesis backbone in the background, as soon as it has images.

The first round needs the backbone (``worker.tasks.genesis``); pre-training it when the round starts made the lead's
first round mostly pre-training (14 of 20 minutes on a busy 2-core machine). Images arrive long before anyone can
start a round (labels, budgets and readers come first), so an import queues the pre-training and the first round
finds the backbone ready, or waits for the job already running instead of starting a second one.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.jobs import lifecycle
from backend.jobs.enqueue import try_dispatch
from backend.jobs.names import PRETRAIN, PRETRAIN_JOB
from backend.jobs.settings import job_settings
from backend.jobs.status import JobStatus
from backend.models import Job, ModelVersion, Patient, Project, Round

log = logging.getLogger(__name__)

GENESIS_KIND = "genesis"


def _jobs(project_id: uuid.UUID) -> Select[Job]:
    return (
        select(Job)
        .where(Job.project_id == project_id, Job.kind == PRETRAIN_JOB)
        .order_by(Job.created_at.desc(), Job.id.desc())
    )


def latest_job(session: Session, project_id: uuid.UUID) -> Job | None:
    return session.scalar(_jobs(project_id).limit(1))


def active_job(session: Session, project_id: uuid.UUID) -> Job | None:
    """The project's queued or running pre-training: an import does not queue a second one."""
    return session.scalar(_jobs(project_id).where(lifecycle.is_active()).limit(1))


def running_job(session: Session, project_id: uuid.UUID) -> Job | None:
    """The pre-training a worker is running now, which a first round waits for instead of pre-training again.

    Only a running one: a queued job may never be picked up (no worker on its queue, or a round run in-process by
    ``worker.cli``), so a round does not wait for it; pre-training itself, the round leaves that job nothing to do.
    """
    return session.scalar(_jobs(project_id).where(Job.status == str(JobStatus.running)).limit(1))


def needs_backbone(session: Session, project: Project) -> bool:
    """Whether a first round would pre-train now: Genesis on, no round yet, a patient, no backbone, none queued."""
    if not project.genesis_enabled or job_settings().genesis_steps <= 0:
        return False
    if session.scalar(select(exists().where(Round.project_id == project.id))):
        return False  # a round has started: it pre-trains (or fine-tunes) itself
    if not session.scalar(select(exists().where(Patient.project_id == project.id))):
        return False
    has_backbone = exists().where(ModelVersion.project_id == project.id, ModelVersion.kind == GENESIS_KIND)
    if session.scalar(select(has_backbone)):
        return False
    return active_job(session, project.id) is None


def schedule(session: Session, project: Project) -> Job | None:
    """Queue the backbone's pre-training when the project needs one (and the setting is on); the caller commits,
    then calls :func:`dispatch`. Returns the new job, else None."""
    if not job_settings().genesis_on_import or not needs_backbone(session, project):
        return None
    try:
        with session.begin_nested():  # a savepoint: losing the race must not undo the caller's import
            config = {"genesis_steps": job_settings().genesis_steps}
            job = lifecycle.add_job(session, kind=PRETRAIN_JOB, config=config, project_id=project.id)
    except IntegrityError:  # a concurrent import queued it first (ux_jobs_one_active_pretraining)
        log.info("genesis.already_scheduled project=%s", project.id)
        return None
    log.info("genesis.scheduled project=%s job=%s", project.id, job.id)
    return job


def dispatch(session: Session, job: Job | None) -> None:
    """Send a job :func:`schedule` returned (after the caller's commit); a broker that is down leaves it queued for
    the worker's sweep, as for every job."""
    if job is not None:
        try_dispatch(session, PRETRAIN, job.id)
        session.commit()
