"""The simulated random-selection baseline as one durable job (the API side is ``backend.simulation``).

It replays the project's rounds, in order, once per seed, changing only which patients were added: where a round
trained on the patients earlier rounds had selected, its replay trains on as many randomly drawn pool patients with
ground truth. Everything else is the round's own, read from what it recorded:

- the first replay trains on the project's real initial patients (the first round's ``trained_on``), so at the
  initial size both curves differ by seed noise only (seed 0 is the round's own seed: the same model);
- it starts where the round started: the recorded Genesis backbone, the previous replayed model (continual
  fine-tuning at the reduced rate, on the new patients plus the replay ``continual`` asks for), or scratch;
- it trains with the round's stored TrainConfig and measures Dice on the round's recorded validation patients.

Each seed draws one random order of the remaining ground truth, so its training sets are nested like the patients
a project picking at random would have accumulated. Rounds trained before ``trained_on``/``validated_on`` were
recorded fall back to random initial patients / today's validation patients, and the result says so.

Ground truth is the accepted annotation of a pool patient (imported, a reader's or a lead's correction), else its
hidden reference label. Those labels are read here only: rounds (``worker.tasks.data``) never see reference labels.
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
from backend.simulation.schemas import Provenance, ReplayStart
from backend.simulation.service import ground_truth_query
from backend.storage import blobs, nifti_io
from worker.celery_app import app
from worker.tasks import genesis, jobs
from worker.tasks.data import load_validation
from worker.tasks.rows import MissingRow, require
from worker.tasks.train_config import spatial_dims, train_config, train_values

log = logging.getLogger(__name__)

DEFAULT_SEEDS = 5


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
class _Step:
    """One real round to replay."""

    round_number: int
    n_labeled: int
    config: dict[str, Any]  # the round's TrainConfig, as a dict
    start: ReplayStart
    backbone_id: uuid.UUID | None  # for ``start == genesis``
    validation: tuple[uuid.UUID, ...]  # the patients its Dice was measured on


@dataclass
class _Inputs:
    """What the job needs from the database, loaded before training so no session stays open across it."""

    seeds: int
    ground_truth: list[uuid.UUID]  # pool patients with ground truth
    steps: list[_Step]  # the rounds that can be replayed, in order
    skipped: list[int]  # sizes of the rounds that cannot (more patients than the ground truth)
    initial: list[uuid.UUID] | None  # the real initial patients, when the first round recorded them
    validation_recorded: bool
    samples: dict[uuid.UUID, Any]  # patient id -> Sample with its ground truth (training) or validation label

    def training_set(self, seed: int, n_labeled: int) -> list[uuid.UUID]:
        return accumulation(self.ground_truth, self.initial, seed)[:n_labeled]


def accumulation(ground_truth: Sequence[uuid.UUID], initial: Sequence[uuid.UUID] | None, seed: int) -> list[uuid.UUID]:
    """The order in which a project picking at random would have labelled its patients: the real initial ones,
    then the rest of the ground truth in the seed's random order. Every training set of the seed is a prefix, so
    the sets are nested as a real project's are."""
    first = list(initial or [])
    chosen = set(first)
    rest = [p for p in ground_truth if p not in chosen]
    order = np.random.default_rng(seed).permutation(len(rest))
    return [*first, *(rest[int(i)] for i in order)]


def _run(job_id: uuid.UUID, report: jobs.ProgressReporter) -> None:
    from worker.ml import training
    from worker.ml.round import continual_training_set

    with session_scope() as session:
        inputs = _load_inputs(session, job_id)
    result: dict[str, Any] = {
        "points": [],
        "seeds": inputs.seeds,
        "ground_truth": len(inputs.ground_truth),
        "skipped": inputs.skipped,
        "initial_patients": str(Provenance.recorded if inputs.initial is not None else Provenance.approximated),
        "validation_patients": str(Provenance.recorded if inputs.validation_recorded else Provenance.approximated),
    }
    _save_result(job_id, result)  # a re-run after a lost worker starts its curve afresh
    total, done = len(inputs.steps) * inputs.seeds, 0
    models: dict[int, dict[str, Any]] = {}  # seed -> its model of the previous replayed round
    trained_on: dict[int, list[uuid.UUID]] = {}  # seed -> the patients that model's lineage learned from
    for step in inputs.steps:
        validation = _by_id([inputs.samples[p] for p in step.validation])
        dice: list[float | None] = []
        for seed in range(inputs.seeds):
            patients = inputs.training_set(seed, step.n_labeled)
            # Seed 0 trains exactly as the real round did; the others vary the weight init and shuffling.
            config = train_config(step.config, seed=int(step.config.get("seed", 0)) + seed)
            init, parent = _start(step, config, models.get(seed))
            earlier = set(trained_on.get(seed, [])) if parent else set()
            new = [inputs.samples[p] for p in patients if p not in earlier]
            replay = [inputs.samples[p] for p in patients if p in earlier]
            train = continual_training_set(_by_id(new), _by_id(replay), config, init)
            on_epoch = _epoch_reporter(report, n_labeled=step.n_labeled, seed=seed, done=done, total=total)
            on_epoch({"percent": 0.0})
            trained = training.train_segmenter(
                train, validation, config, init_state=init, progress=on_epoch, fine_tune=parent
            )
            models[seed], trained_on[seed] = trained.state_dict, patients
            dice.append(trained.val_dice)
            done += 1
        result["points"].append(_point(step, dice))
        _save_result(job_id, result)  # the curve grows on the dashboard while the job runs
    report.check()
    lifecycle.succeed(job_id, progress={"stage": "done", "done": total, "total": total, "percent": 100})
    log.info("simulation.done job=%s points=%s", job_id, [p["n_labeled"] for p in result["points"]])


def _by_id(samples: Sequence[Any]) -> list[Any]:
    """In external-id order, the order a round loads its patients in (it decides the training's shuffling)."""
    return sorted(samples, key=lambda sample: sample.id)


def _start(step: _Step, config: Any, previous: dict[str, Any] | None) -> tuple[dict[str, Any] | None, bool]:
    """``(initial weights, whether they are a previous model to fine-tune)`` for the replay of ``step``."""
    if step.start == ReplayStart.genesis and step.backbone_id is not None:
        return genesis.start_state(step.backbone_id, config), False
    if step.start == ReplayStart.previous and previous is not None:
        return previous, True
    return None, False


def _load_inputs(session: Session, job_id: uuid.UUID) -> _Inputs:
    """Everything the job trains and validates on, read in one short session before any training."""
    from worker.ml.data import Sample

    job = require(session, Job, job_id)
    if job.project_id is None:
        raise MissingRow(f"Job {job_id} of kind {job.kind} has no project")
    project = require(session, Project, job.project_id)
    seeds = int(job.config.get("seeds", DEFAULT_SEEDS))
    truth_ids = list(session.scalars(ground_truth_query(project.id)))
    current_validation = load_validation(session, project)
    if not current_validation:
        raise ValueError("The project has no annotated validation patients to measure Dice on")
    dims = spatial_dims(current_validation[0].image)
    rounds = [uuid.UUID(str(s["round_id"])) for s in job.config.get("sizes", [])]
    versions = [_version(session, round_id) for round_id in rounds]
    initial = _recorded_ids(versions[0], "trained_on") if versions else None
    steps: list[_Step] = []
    skipped: list[int] = []
    validation_recorded = True
    for index, (round_id, version) in enumerate(zip(rounds, versions, strict=True)):
        found = require(session, Round, round_id)
        n_labeled = int((found.metrics or {}).get("n_train", 0))
        if skipped or n_labeled > len(truth_ids):  # a replay chain cannot jump over a round
            skipped.append(n_labeled)
            continue
        validation = _recorded_ids(version, "validated_on")
        if validation is None:
            validation_recorded = False
            validation = [p.patient_id for p in current_validation]
        start, backbone = _recorded_start(session, found, version, first=index == 0)
        config = _round_config(session, project, found, version, dims)
        steps.append(_Step(found.number, n_labeled, config, start, backbone, tuple(validation)))
    if not steps:
        raise ValueError(
            f"Only {len(truth_ids)} pool patients have ground truth; the real curve starts at "
            f"{min(skipped, default=0)} patients"
        )
    if initial is not None and not set(initial) <= set(truth_ids):
        initial = None  # an initial patient lost its label (or left the pool) since: draw at random instead
    samples = _samples(session, steps, truth_ids, initial, seeds)
    for patient in current_validation:  # already loaded: spare reading them twice
        if patient.patient_id not in samples and any(patient.patient_id in step.validation for step in steps):
            samples[patient.patient_id] = Sample(id=patient.external_id, image=patient.image, label=patient.label)
    for patient_id in {p for step in steps for p in step.validation} - set(samples):
        samples[patient_id] = _validation_sample(session, patient_id)  # validated on then, moved since
    return _Inputs(seeds, truth_ids, steps, skipped, initial, validation_recorded, samples)


def _version(session: Session, round_id: uuid.UUID) -> ModelVersion | None:
    found = session.get(Round, round_id)
    if found is None or found.model_version_id is None:
        return None
    return session.get(ModelVersion, found.model_version_id)


def _recorded_ids(version: ModelVersion | None, key: str) -> list[uuid.UUID] | None:
    recorded = (version.metrics or {}).get(key) if version is not None else None
    if not isinstance(recorded, list):
        return None
    return [uuid.UUID(str(patient_id)) for patient_id in recorded]


def _recorded_start(
    session: Session, found: Round, version: ModelVersion | None, *, first: bool
) -> tuple[ReplayStart, uuid.UUID | None]:
    """Where the real round's training started: its model's parent (a backbone or a segmenter), else its metrics'
    recorded backbone, else the previous model for a later round and scratch for the first."""
    parent = session.get(ModelVersion, version.parent_id) if version and version.parent_id else None
    if parent is not None:
        if parent.kind == genesis.GENESIS_KIND:
            return ReplayStart.genesis, parent.id
        return (ReplayStart.scratch, None) if first else (ReplayStart.previous, None)
    backbone = (found.metrics or {}).get("genesis_model_version_id")
    if isinstance(backbone, str) and session.get(ModelVersion, uuid.UUID(backbone)) is not None:
        return ReplayStart.genesis, uuid.UUID(backbone)
    if version is not None and version.parent_id is None:
        return ReplayStart.scratch, None
    return (ReplayStart.scratch, None) if first else (ReplayStart.previous, None)


def _samples(
    session: Session,
    steps: Sequence[_Step],
    truth_ids: list[uuid.UUID],
    initial: list[uuid.UUID] | None,
    seeds: int,
) -> dict[uuid.UUID, Any]:
    """The patients some replay trains on, each loaded once."""
    largest = max(step.n_labeled for step in steps)
    wanted = {p for seed in range(seeds) for p in accumulation(truth_ids, initial, seed)[:largest]}
    return {p: _ground_truth_sample(session, p) for p in sorted(wanted)}


def _epoch_reporter(
    report: jobs.ProgressReporter, *, n_labeled: int, seed: int, done: int, total: int
) -> Callable[[dict[str, Any]], None]:
    """Progress over the whole job (``percent``) from one training's per-epoch callback."""

    def on_epoch(info: dict[str, Any]) -> None:
        fraction = (done + float(info.get("percent", 0.0)) / 100.0) / total
        epoch = {k: info[k] for k in ("epoch", "epochs") if k in info}
        report("training", n_labeled=n_labeled, seed=seed, done=done, total=total, percent=100.0 * fraction, **epoch)

    return on_epoch


def _point(step: _Step, dice: Sequence[float | None]) -> dict[str, Any]:
    """Mean and sample standard deviation over the seeds that produced a Dice (sd needs two of them)."""
    values = [d for d in dice if d is not None]
    return {
        "n_labeled": step.n_labeled,
        "round_number": step.round_number,
        "start": str(step.start),
        "dice_mean": float(np.mean(values)) if values else None,
        "dice_sd": float(np.std(values, ddof=1)) if len(values) >= 2 else None,
        "dice": list(dice),
    }


def _save_result(job_id: uuid.UUID, result: dict[str, Any]) -> None:
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(result={**result, "points": list(result["points"])}))


def _round_config(
    session: Session, project: Project, found: Round, version: ModelVersion | None, dims: int
) -> dict[str, Any]:
    """The TrainConfig the round trained with: its model version's, else rebuilt from its job's config as the
    round task builds it (the seed is varied per simulated run)."""
    if version is not None and version.config:
        return dict(version.config)
    job = round_service.round_job(session, found.id)
    return train_values(project, job.config if job is not None else {}, spatial_dims=dims, seed=found.seed)


def _ground_truth_sample(session: Session, patient_id: uuid.UUID) -> Any:
    """The patient's image with its ground truth: the accepted annotation (what the real rounds trained on), else
    the hidden reference label."""
    patient = require(session, Patient, patient_id)
    annotation = patient_service.accepted_annotation(session, patient)
    reference = session.scalar(select(ReferenceLabel).where(ReferenceLabel.patient_id == patient_id))
    key = annotation.storage_key if annotation is not None else reference.storage_key if reference else None
    if key is None:  # the query that listed the patient guarantees one of them
        raise ValueError(f"Patient {patient.external_id} has no ground truth")
    return _sample(session, patient, key)


def _validation_sample(session: Session, patient_id: uuid.UUID) -> Any:
    """A recorded validation patient with its accepted annotation (what the round measured Dice against)."""
    patient = require(session, Patient, patient_id)
    annotation = patient_service.accepted_annotation(session, patient)
    if annotation is None:
        raise ValueError(f"Validation patient {patient.external_id} of a replayed round has lost its annotation")
    return _sample(session, patient, annotation.storage_key)


def _sample(session: Session, patient: Patient, label_key: str) -> Any:
    from worker.ml.data import Sample

    volume = patient_service.primary_volume(session, patient)
    image, _ = nifti_io.load_array(blobs.read_bytes(volume.storage_key))
    label, _ = nifti_io.load_array(blobs.read_bytes(label_key))
    return Sample(id=patient.external_id, image=np.asarray(image, np.float32), label=np.asarray(label, np.uint8))
