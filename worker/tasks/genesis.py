"""The project's Models Genesis backbone: pre-trained once per project and modality, before its first round.

Self-supervised restoration on the project's own images (labels are never read) gives the first round's UNet++
a starting point better than random weights when few patients are labelled (Zhou et al., MedIA 2021). Later
rounds fine-tune from the previous round's model instead, so the backbone is only needed once; it is kept as a
``ModelVersion`` of kind ``genesis`` so a retried or later first round (e.g. after the only round failed) reuses it.

It is pre-trained by its own job as soon as the project has images (``backend.pretraining``), so the first round
finds it ready or waits for that job (:func:`wait_for_pretraining`); a first round without either pre-trains it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import lru_cache
from typing import Any

import numpy as np
import torch
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.names import PRETRAIN
from backend.jobs.settings import job_settings
from backend.models import Job, ModelVersion, Project
from backend.pretraining import service as pretraining
from backend.storage import blobs
from worker.celery_app import app
from worker.tasks import jobs
from worker.tasks.data import load_images
from worker.tasks.rows import MissingRow, require
from worker.tasks.train_config import spatial_dims, train_config, train_values

log = logging.getLogger(__name__)

GENESIS_KIND = "genesis"


def find_backbone(session: Session, project_id: uuid.UUID, modality: str, config: Any) -> ModelVersion | None:
    """The newest Genesis checkpoint of the project for this modality whose architecture fits ``config``."""
    versions = session.scalars(
        select(ModelVersion)
        .where(ModelVersion.project_id == project_id, ModelVersion.kind == GENESIS_KIND)
        .order_by(ModelVersion.created_at.desc())
    )
    for version in versions:
        meta = version.config or {}
        if (
            meta.get("modality") == modality
            and meta.get("spatial_dims") == config.spatial_dims
            and list(meta.get("features", [])) == list(config.features)
        ):
            return version
    return None


def pretrain_backbone(
    project_id: uuid.UUID,
    round_id: uuid.UUID | None,
    modality: str,
    images: Sequence[np.ndarray],
    config: Any,
    steps: int,
    progress: Callable[[dict[str, Any]], None],
) -> uuid.UUID:
    """Pre-train on ``images`` and store the checkpoint; returns the new model version's id. ``round_id`` is the
    first round that needed it, None when pre-trained at import."""
    from worker.ml.checkpoint import save_checkpoint
    from worker.ml.genesis import GenesisConfig, pretrain_genesis

    genesis = GenesisConfig(steps=steps, seed=config.seed)
    started = time.perf_counter()
    state = pretrain_genesis(images, config, progress=progress, genesis=genesis)
    seconds = round(time.perf_counter() - started, 2)
    version_id = uuid.uuid4()
    key = f"models/genesis-{version_id}.pt"
    meta = {
        "modality": modality,
        "spatial_dims": config.spatial_dims,
        "features": list(config.features),
        "genesis": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(genesis).items()},
    }
    sha = save_checkpoint(blobs.path_of(key), state, meta)
    with session_scope() as session:
        session.add(
            ModelVersion(
                id=version_id,
                project_id=project_id,
                round_id=round_id,
                kind=GENESIS_KIND,
                storage_key=key,
                sha256=sha,
                config=meta,
                metrics={"steps": steps, "images": len(images), "seconds": seconds},
            )
        )
    log.info("genesis.stored project=%s modality=%s steps=%d seconds=%.1f", project_id, modality, steps, seconds)
    return version_id


@lru_cache(maxsize=2)
def _backbone_weights(version_id: uuid.UUID) -> dict[str, torch.Tensor]:
    """A backbone checkpoint never changes once stored, so a job training many times from it reads it once."""
    from worker.ml.checkpoint import load_checkpoint

    with session_scope() as session:
        version = require(session, ModelVersion, version_id)
        key, sha = version.storage_key, version.sha256
    return load_checkpoint(blobs.path_of(key), sha)


def start_state(version_id: uuid.UUID, config: Any) -> dict[str, torch.Tensor]:
    """The segmenter's initial weights: the backbone's body with freshly initialised output heads."""
    from worker.ml.genesis import genesis_init_state

    return genesis_init_state(_backbone_weights(version_id), config)


# --- the background job (``backend.pretraining`` queues it when images are imported) ----------------------------


@app.task(
    name=PRETRAIN,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def pretrain_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Pre-train the backbone of the job's project, unless one exists meanwhile (a round pre-trained it)."""
    if not lifecycle.claim(job_id):
        log.info("genesis.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with jobs.running(job_id, label="genesis", error_text=jobs.short_error) as report:
        _run(job_id, report)


def _run(job_id: uuid.UUID, report: jobs.ProgressReporter) -> None:
    with session_scope() as session:
        job = require(session, Job, job_id)
        if job.project_id is None:
            raise MissingRow(f"Job {job_id} of kind {job.kind} has no project")
        project = require(session, Project, job.project_id)
        project_id, modality = project.id, project.modality
        images = load_images(session, project)
        if not images:
            raise ValueError("The project has no images to pre-train on")
        # The architecture the first round will build, so it finds this backbone (``find_backbone``).
        config = train_config(train_values(project, {}, spatial_dims=spatial_dims(images[0]), seed=0))
        existing = find_backbone(session, project_id, modality, config)
        steps = int(job.config.get("genesis_steps", job_settings().genesis_steps))
    if existing is not None:
        lifecycle.succeed(job_id, progress={"stage": "done", "percent": 100, "model_version_id": str(existing.id)})
        return
    report("pretraining", percent=0, images=len(images), steps=steps)
    version_id = pretrain_backbone(
        project_id,
        None,
        modality,
        images,
        config,
        steps,
        lambda values: report(str(values.pop("stage")), images=len(images), **values),
    )
    report.check()
    lifecycle.succeed(
        job_id,
        progress={"stage": "done", "percent": 100, "images": len(images), "model_version_id": str(version_id)},
    )


def wait_for_pretraining(
    project_id: uuid.UUID,
    modality: str,
    config: Any,
    report: Callable[..., None],
    poll_s: float = 2.0,
) -> uuid.UUID | None:
    """A first round that finds the backbone's pre-training running waits for it (relaying its progress)
    instead of pre-training a second copy; returns the backbone then found, or None (the job failed or none ran).
    ``report`` is the round's: it stops the wait when the round is cancelled."""
    while True:
        with session_scope() as session:
            job = pretraining.running_job(session, project_id)
            if job is None:
                found = find_backbone(session, project_id, modality, config)
                return found.id if found is not None else None
            percent = float((job.progress or {}).get("percent", 0.0))
        report("pretraining", percent=percent, waiting_for_job=str(job.id))
        time.sleep(poll_s)
