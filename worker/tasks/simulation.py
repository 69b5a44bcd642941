"""The simulated random-selection baseline as one durable job (the API side is ``backend.simulation``).

For each size n of the project's real label-efficiency curve and each seed, a model is trained from scratch on n
ground-truth pool patients drawn at random, with the settings of the round that trained on n, and its validation
Dice is measured on the project's validation patients. Each seed draws one random order of the ground truth and
trains on its first n patients, so a seed's training sets are nested like the patients a project picking at random
would have accumulated round after round.

Ground truth is the accepted annotation of a pool patient (imported, a reader's or a lead's correction), else its
hidden reference label. Those
labels are read here only: rounds (``worker.tasks.data``) never see reference labels.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.names import SIMULATE_RANDOM
from backend.jobs.settings import job_settings
from backend.models import Job, ModelVersion, Patient, Project, ReferenceLabel, Round
from backend.patient import service as patient_service
from backend.round import service as round_service
from backend.simulation.service import ground_truth_query
from backend.storage import blobs, nifti_io
from worker.celery_app import app
from worker.tasks import genesis, jobs
from worker.tasks.data import load_validation
from worker.tasks.rows import MissingRow, require
from worker.tasks.train_config import spatial_dims, train_config, train_values

log = logging.getLogger(__name__)

DEFAULT_SEEDS = 2


@app.task(
    name=SIMULATE_RANDOM,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def simulate_random_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Compute the random-selection curve behind ``job_id``, or record why it failed.

    Idempotent by job id like a round: a redelivered message for a finished job (or one a live worker runs) does
    nothing, and a re-run after a lost worker recomputes the whole curve (every point is deterministic per seed).
    """
    if not lifecycle.claim(job_id):
        log.info("simulation.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    # A cancel comes from the API, which already ended the job: the points saved so far stay on the dashboard. A
    # failure is stored as its one-line reason (``short_error``), which the dashboard shows to the lead.
    with jobs.running(job_id, label="simulation", error_text=jobs.short_error) as report:
        _run(job_id, report)


@dataclass(frozen=True)
class _Size:
    n_labeled: int
    config: dict[str, Any]  # the TrainConfig of the round that trained on n_labeled, as a dict


@dataclass
class _Inputs:
    """What the job needs from the database, loaded before training so no session stays open across it."""

    seeds: int
    ground_truth: int  # pool patients with ground truth
    sizes: list[_Size]  # every size of the real curve
    orders: list[np.ndarray]  # per seed, a random order of the ground truth (indices)
    truth: dict[int, Any]  # index -> Sample, for the patients some training set uses
    validation: list[Any]  # Samples
    project_id: uuid.UUID
    modality: str
    genesis_enabled: bool

    @property
    def usable(self) -> list[_Size]:
        return [s for s in self.sizes if s.n_labeled <= self.ground_truth]


def _run(job_id: uuid.UUID, report: jobs.ProgressReporter) -> None:
    from worker.ml.training import train_segmenter

    with session_scope() as session:
        inputs = _load_inputs(session, job_id)
    result: dict[str, Any] = {
        "points": [],
        "seeds": inputs.seeds,
        "ground_truth": inputs.ground_truth,
        "skipped": [s.n_labeled for s in inputs.sizes if s.n_labeled > inputs.ground_truth],
    }
    _save_result(job_id, result)  # a re-run after a lost worker starts its curve afresh
    total, done = len(inputs.usable) * inputs.seeds, 0
    for size in inputs.usable:
        dice: list[float | None] = []
        for seed in range(inputs.seeds):
            train = [inputs.truth[int(i)] for i in inputs.orders[seed][: size.n_labeled]]
            config = train_config(size.config, seed=seed)
            on_epoch = _epoch_reporter(report, n_labeled=size.n_labeled, seed=seed, done=done, total=total)
            on_epoch({"percent": 0.0})
            init = _start_state(inputs, config)
            trained = train_segmenter(train, inputs.validation, config, init_state=init, progress=on_epoch)
            dice.append(trained.val_dice)
            done += 1
        result["points"].append(_point(size.n_labeled, dice))
        _save_result(job_id, result)  # the curve grows on the dashboard while the job runs
    report.check()
    lifecycle.succeed(job_id, progress={"stage": "done", "done": total, "total": total, "percent": 100})
    log.info("simulation.done job=%s points=%s", job_id, [p["n_labeled"] for p in result["points"]])


def _load_inputs(session: Session, job_id: uuid.UUID) -> _Inputs:
    """Everything the job trains and validates on, read in one short session before any training."""
    from worker.ml.data import Sample

    job = require(session, Job, job_id)
    if job.project_id is None:
        raise MissingRow(f"Job {job_id} of kind {job.kind} has no project")
    project = require(session, Project, job.project_id)
    seeds = int(job.config.get("seeds", DEFAULT_SEEDS))
    truth_ids = list(session.scalars(ground_truth_query(project.id)))
    validation = [Sample(id=p.external_id, image=p.image, label=p.label) for p in load_validation(session, project)]
    if not validation:
        raise ValueError("The project has no annotated validation patients to measure Dice on")
    dims = spatial_dims(validation[0].image)
    wanted = [(int(s["n_labeled"]), uuid.UUID(str(s["round_id"]))) for s in job.config.get("sizes", [])]
    sizes = [_Size(n, _round_config(session, project, round_id, dims)) for n, round_id in wanted]
    usable = [s.n_labeled for s in sizes if s.n_labeled <= len(truth_ids)]
    if not usable:
        raise ValueError(
            f"Only {len(truth_ids)} pool patients have ground truth; the real curve starts at "
            f"{min((s.n_labeled for s in sizes), default=0)} patients"
        )
    orders = [np.random.default_rng(seed).permutation(len(truth_ids)) for seed in range(seeds)]
    needed = sorted({int(i) for order in orders for i in order[: max(usable)]})
    truth = {i: _ground_truth_sample(session, truth_ids[i]) for i in needed}
    return _Inputs(
        seeds, len(truth_ids), sizes, orders, truth, validation, project.id, project.modality, project.genesis_enabled
    )


def _start_state(inputs: _Inputs, config: Any) -> dict[str, Any] | None:
    """The project's Genesis backbone when it has one: the real first round started there too, so the baseline
    differs from the real curve only in which patients were picked."""
    if not inputs.genesis_enabled:
        return None
    with session_scope() as session:
        backbone = genesis.find_backbone(session, inputs.project_id, inputs.modality, config)
        backbone_id = backbone.id if backbone is not None else None
    return genesis.start_state(backbone_id, config) if backbone_id is not None else None


def _epoch_reporter(
    report: jobs.ProgressReporter, *, n_labeled: int, seed: int, done: int, total: int
) -> Callable[[dict[str, Any]], None]:
    """Progress over the whole job (``percent``) from one training's per-epoch callback."""

    def on_epoch(info: dict[str, Any]) -> None:
        fraction = (done + float(info.get("percent", 0.0)) / 100.0) / total
        epoch = {k: info[k] for k in ("epoch", "epochs") if k in info}
        report("training", n_labeled=n_labeled, seed=seed, done=done, total=total, percent=100.0 * fraction, **epoch)

    return on_epoch


def _point(n_labeled: int, dice: Sequence[float | None]) -> dict[str, Any]:
    """Mean and sample standard deviation over the seeds that produced a Dice (sd needs two of them)."""
    values = [d for d in dice if d is not None]
    return {
        "n_labeled": n_labeled,
        "dice_mean": float(np.mean(values)) if values else None,
        "dice_sd": float(np.std(values, ddof=1)) if len(values) >= 2 else None,
        "dice": list(dice),
    }


def _save_result(job_id: uuid.UUID, result: dict[str, Any]) -> None:
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(result={**result, "points": list(result["points"])}))


def _round_config(session: Session, project: Project, round_id: uuid.UUID, dims: int) -> dict[str, Any]:
    """The TrainConfig the round trained with: its model version's, else rebuilt from its job's config as the
    round task builds it (the seed is replaced per simulated run)."""
    found = session.get(Round, round_id)
    version = session.get(ModelVersion, found.model_version_id) if found and found.model_version_id else None
    if version is not None and version.config:
        return dict(version.config)
    job = round_service.round_job(session, round_id) if found is not None else None
    return train_values(project, job.config if job is not None else {}, spatial_dims=dims)


def _ground_truth_sample(session: Session, patient_id: uuid.UUID) -> Any:
    """The patient's image with its ground truth: the accepted annotation (what the real rounds trained on), else
    the hidden reference label."""
    from worker.ml.data import Sample

    patient = require(session, Patient, patient_id)
    volume = patient_service.primary_volume(session, patient)
    annotation = patient_service.accepted_annotation(session, patient)
    reference = session.scalar(select(ReferenceLabel).where(ReferenceLabel.patient_id == patient_id))
    key = annotation.storage_key if annotation is not None else reference.storage_key if reference else None
    if key is None:  # the query that listed the patient guarantees one of them
        raise ValueError(f"Patient {patient.external_id} has no ground truth")
    image, _ = nifti_io.load_array(blobs.read_bytes(volume.storage_key))
    label, _ = nifti_io.load_array(blobs.read_bytes(key))
    return Sample(
        id=patient.external_id,
        image=np.asarray(image, dtype=np.float32),
        label=np.asarray(label, dtype=np.uint8),
    )
