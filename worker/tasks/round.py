"""The active-learning round as one durable job: claim → load → train and score → persist → select.

The job's life is ``backend.jobs.lifecycle``'s (run inside ``worker.tasks.jobs.running``), what the round reads and
writes is ``worker.tasks.round_persistence``'s, the learning is ``worker.ml``'s; this module sequences them.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from backend.budget import service as budget_service
from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.names import ROUND_RUN
from backend.jobs.settings import job_settings
from backend.jobs.status import JobStatus
from backend.models import Job, Project, Round
from backend.round.state import FINAL, RoundStatus, transition
from worker.celery_app import app
from worker.tasks import genesis, jobs
from worker.tasks import round_persistence as persistence
from worker.tasks.data import PatientArrays
from worker.tasks.round_persistence import RoundInputs, advance_now
from worker.tasks.rows import MissingRow, require

if TYPE_CHECKING:
    import torch

    from worker.ml.data import Sample
    from worker.ml.round import RoundOutput

log = logging.getLogger(__name__)


@app.task(
    name=ROUND_RUN,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def run_round_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Run the round behind ``job_id`` to the ``ready`` state, or record why it failed.

    Idempotent by job id: a redelivered or duplicated message finds the job finished (or owned by a live worker)
    and does nothing; a job re-run after its worker died overwrites its own model version, scores and
    predictions instead of adding new ones.
    """
    if not lifecycle.claim(job_id):
        log.info("round.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    round_id = _round_to_run(job_id)
    if round_id is None:
        return
    failed = partial(_fail_round, round_id)
    with jobs.running(
        job_id, label="round", round_id=round_id, error_text=jobs.traceback_error, on_failed=failed
    ) as report:
        _run(job_id, round_id, report)


def _round_to_run(job_id: uuid.UUID) -> uuid.UUID | None:
    """The claimed job's round, or None when the round needs no more work (the job is ended here)."""
    with session_scope() as session:
        job = require(session, Job, job_id)
        if job.round_id is None:
            raise MissingRow(f"Job {job_id} of kind {job.kind} has no round")
        round_id, status = job.round_id, require(session, Round, job.round_id).status
    if status == RoundStatus.cancelled:
        lifecycle.finish(job_id, JobStatus.cancelled)
        return None
    if status in FINAL:
        lifecycle.succeed(job_id)
        return None
    # created → pretraining or training is decided in _run, once it knows whether a backbone is needed.
    return round_id


def _fail_round(round_id: uuid.UUID, exc: BaseException) -> None:
    with session_scope() as session:
        transition(session, round_id, to=RoundStatus.failed, error=jobs.short_error(exc))


def _run(job_id: uuid.UUID, round_id: uuid.UUID, report: jobs.ProgressReporter) -> None:
    inputs = persistence.load_inputs(job_id, round_id)
    if not inputs.data.train:
        raise ValueError("No annotated pool patients to train on; import labels or annotate some patients first")
    report.check()
    start = _starting_point(inputs, report)
    advance_now(round_id, RoundStatus.training)
    report.check()
    new_patients, earlier_patients = _split_by_parent(inputs.data.train, inputs.parent_metrics)
    compute_started = time.perf_counter()
    output = _train_and_score(inputs, start, new_patients, earlier_patients, report)
    compute_seconds = time.perf_counter() - compute_started
    report.check()
    metrics = persistence.round_metrics(
        inputs, output, n_new_train=len(new_patients), compute_seconds=compute_seconds, extra=start.metrics
    )
    persistence.save_model_and_predictions(inputs, output, metrics, start.parent_id)
    report("selecting", percent=0)
    _select(
        round_id,
        inputs.data.pool,
        output,
        seed=inputs.seed,
        batch_size=inputs.batch_size,
        metrics=metrics,
        pool_fraction=inputs.config.omega_pool_fraction,
    )
    lifecycle.succeed(job_id, progress={"stage": "ready", "percent": 100})
    log.info("round.ready round=%s val_dice=%s", round_id, metrics.get("val_dice"))


@dataclass(frozen=True)
class _Start:
    """The weights training starts from and where they came from."""

    state: dict[str, torch.Tensor] | None
    parent_id: uuid.UUID | None
    metrics: dict[str, Any]  # recorded with the round's metrics


def _starting_point(inputs: RoundInputs, report: jobs.ProgressReporter) -> _Start:
    """The previous round's model; for a first round the project's Genesis backbone (pre-trained at import, or now
    when the project has none yet); else random weights (``state`` None)."""
    metrics: dict[str, Any] = {}
    backbone_id = inputs.backbone_id
    if inputs.use_genesis and backbone_id is None:
        advance_now(inputs.round_id, RoundStatus.pretraining)
        # Pre-training started at import: wait for it rather than pre-train a second copy.
        backbone_id = genesis.wait_for_pretraining(
            inputs.project_id, inputs.modality, inputs.config, lambda stage, **values: report(stage, **values)
        )
    if inputs.use_genesis and backbone_id is None:
        data = inputs.data
        images = [p.image for p in (*data.pool, *data.train, *data.validation)]  # images only, never labels
        backbone_id = genesis.pretrain_backbone(
            inputs.project_id,
            inputs.round_id,
            inputs.modality,
            images,
            inputs.config,
            inputs.genesis_steps,
            lambda values: report(str(values.pop("stage")), **values),
        )
        metrics["genesis_pretrained"] = True
    if backbone_id is None:
        return _Start(inputs.parent_state, inputs.parent_id, metrics)
    metrics["genesis_model_version_id"] = str(backbone_id)
    return _Start(genesis.start_state(backbone_id, inputs.config), backbone_id, metrics)


def _train_and_score(
    inputs: RoundInputs,
    start: _Start,
    new_patients: list[PatientArrays],
    earlier_patients: list[PatientArrays],
    report: jobs.ProgressReporter,
) -> RoundOutput:
    from worker.ml.round import run_round_ml

    def on_progress(values: dict[str, Any]) -> None:
        stage = str(values.pop("stage"))
        if stage == "scoring" and report.stage != "scoring":
            advance_now(inputs.round_id, RoundStatus.scoring)
        report(stage, **values)

    return run_round_ml(
        [_sample(p) for p in new_patients],
        [_sample(p) for p in inputs.data.validation],
        [_sample(p) for p in inputs.data.pool],
        inputs.config,
        inputs.strategy,
        init_state=start.state,
        progress=on_progress,
        earlier=[_sample(p) for p in earlier_patients],
        # Only a previous round's segmenter is fine-tuned at the reduced rate; a Genesis backbone's decoder
        # and heads start untrained.
        fine_tune=inputs.parent_id is not None,
    )


def _split_by_parent(
    train: list[PatientArrays], parent_metrics: dict[str, Any] | None
) -> tuple[list[PatientArrays], list[PatientArrays]]:
    """``(labelled since the parent model was trained, the rest)``.

    Continual fine-tuning trains on the new patients and replays the earlier ones (all of them for
    ``continual="all"``, those the parent now gets wrong for ``"hq"``); without this split every patient
    looked new and ``"hq"`` behaved like ``"all"``. The parent's ``trained_on`` metric lists what its lineage
    learned from; a parent without it (no parent, or one trained before the metric existed) makes every
    patient new, as before.
    """
    seen = (parent_metrics or {}).get("trained_on")
    if not isinstance(seen, list):
        return list(train), []
    known = {str(patient_id) for patient_id in seen}
    new = [p for p in train if str(p.patient_id) not in known]
    return new, [p for p in train if str(p.patient_id) in known]


def _sample(patient: PatientArrays) -> Sample:
    from worker.ml.data import Sample

    return Sample(id=patient.external_id, image=patient.image, label=patient.label)


def _select(
    round_id: uuid.UUID,
    pool: list[PatientArrays],
    output: RoundOutput,
    *,
    seed: int,
    batch_size: int,
    metrics: dict[str, Any],
    pool_fraction: float,
) -> None:
    """Pick the patients to annotate next within the remaining budget, store every score, and finish the round in
    ready (or in review, for a lead to approve, without auto-publish)."""
    from worker.ml.round import select_round

    scores = [output.scores[p.external_id] for p in pool]
    with session_scope() as session:
        current = require(session, Round, round_id)
        project = require(session, Project, current.project_id)
        costs = persistence.pool_costs(session, project, pool, scores)
        # The strategy decides how to pick (ranked ACFT sampling, or k-center for core-set / hybrid).
        picked = set(
            select_round(
                output,
                [p.external_id for p in pool],
                costs,
                budget_service.remaining_cents(project),
                batch_size,
                seed=seed,
                pool_fraction=pool_fraction,
                # "score" spends on the most informative patients, "value_per_cost" on information per cost.
                objective=str(getattr(project, "selection_objective", "score") or "score"),
            )
        )
        n_selected = persistence.save_scores(session, round_id, pool, scores, costs, picked)
        current.metrics = {**metrics, "n_scored": len(pool), "n_selected": n_selected}
        persistence.advance(session, round_id, RoundStatus.ready if project.auto_publish else RoundStatus.review)
