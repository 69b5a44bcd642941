"""The active-learning round as one durable job: train → score → select, state kept in the database.

Each stage opens its own short session; no transaction is held across training.
"""

from __future__ import annotations

import logging
import time
import traceback
import uuid
from typing import Any

import numpy as np
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.db.session import session_scope
from backend.jobs.names import ROUND_RUN
from backend.jobs.settings import job_settings
from backend.models import Job, ModelVersion, Prediction, Project, Round, Score
from backend.round.state import FINAL, RoundStatus, transition
from backend.storage import blobs, nifti_io
from worker.celery_app import app
from worker.tasks import genesis, jobs
from worker.tasks.data import PatientArrays, load_round_data

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
    if not jobs.claim(job_id):
        log.info("round.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.round_id is not None
        round_id = job.round_id
        current = session.get(Round, round_id)
        assert current is not None
        if current.status == RoundStatus.cancelled:
            jobs.finish(job_id, status="cancelled")
            return
        if current.status in FINAL:
            jobs.finish(job_id)
            return
        # created → pretraining or training is decided in _run, once it knows whether a backbone is needed.
    with jobs.Heartbeat(job_id) as heartbeat:
        try:
            _run(job_id, round_id, jobs.ProgressReporter(job_id, round_id, heartbeat))
        except jobs.JobCancelled:
            log.info("round.cancelled round=%s job=%s", round_id, job_id)
            jobs.finish(job_id, status="cancelled")
        except jobs.JobLost:
            log.warning("round.job.lost round=%s job=%s (another worker owns it now)", round_id, job_id)
        except Exception as exc:
            log.exception("round.failed round=%s", round_id)
            message = f"{type(exc).__name__}: {exc}"
            jobs.finish(job_id, error=traceback.format_exc(limit=5))
            with session_scope() as session:
                transition(session, round_id, to=RoundStatus.failed, error=message)
            raise


def _advance(session: Session, round_id: uuid.UUID, to: RoundStatus) -> None:
    """Move the round forward; a round cancelled (or failed) meanwhile stops the job and rolls back its writes."""
    if transition(session, round_id, to=to):
        return
    current = session.get(Round, round_id)
    assert current is not None
    if current.status == RoundStatus.cancelled:
        raise jobs.JobCancelled(f"round {round_id} was cancelled")
    if current.status == RoundStatus.failed:
        raise jobs.JobLost(f"round {round_id} was marked failed meanwhile")
    # Otherwise a previous attempt already moved it past ``to``: carry on.


def _run(job_id: uuid.UUID, round_id: uuid.UUID, report: jobs.ProgressReporter) -> None:
    from worker.ml.checkpoint import load_checkpoint, save_checkpoint
    from worker.ml.config import TrainConfig
    from worker.ml.round import run_round_ml

    with session_scope() as session:
        current = session.get(Round, round_id)
        job = session.get(Job, job_id)
        assert current is not None and job is not None
        project = session.get(Project, current.project_id)
        assert project is not None
        data = load_round_data(session, project)
        label_names = {int(label["value"]): str(label["name"]) for label in project.labels}
        spatial_dims = 2 if data.train and data.train[0].image.shape[-1] == 1 else 3
        job_config = dict(job.config)
        genesis_steps = int(job_config.pop("genesis_steps", job_settings().genesis_steps))
        config = TrainConfig.from_dict(
            {
                "num_classes": 1 + max(label_names),
                "seed": current.seed,
                "spatial_dims": spatial_dims,
                "modality": project.modality,
                **job_config,
            }
        )
        # The latest model of an earlier round: a re-run must not fine-tune from its own failed attempt.
        parent = session.scalar(
            select(ModelVersion)
            .where(
                ModelVersion.project_id == project.id,
                ModelVersion.kind == "segmenter",
                or_(ModelVersion.round_id.is_(None), ModelVersion.round_id != round_id),
            )
            .order_by(ModelVersion.created_at.desc())
            .limit(1)
        )
        parent_id = parent.id if parent else None
        init_state = load_checkpoint(blobs.path_of(parent.storage_key), parent.sha256) if parent else None
        new_patients, earlier_patients = _split_by_parent(data.train, parent.metrics if parent else None)
        strategy, seed, batch_size, project_id = current.strategy, current.seed, current.batch_size, project.id
        modality = project.modality
        existing = session.scalar(select(ModelVersion.id).where(ModelVersion.job_id == job_id))
        # Only a first round starts from the Genesis backbone; later ones fine-tune the previous round's model.
        use_genesis = parent is None and project.genesis_enabled and genesis_steps > 0
        backbone = genesis.find_backbone(session, project_id, modality, config) if use_genesis else None
        backbone_id = backbone.id if backbone is not None else None
    if not data.train:
        raise ValueError("No annotated pool patients to train on; import labels or annotate some patients first")
    report.check()
    genesis_metrics: dict[str, Any] = {}
    if use_genesis and backbone_id is None:
        with session_scope() as session:
            _advance(session, round_id, RoundStatus.pretraining)
        images = [p.image for p in (*data.pool, *data.train, *data.validation)]  # images only, never labels
        backbone_id = genesis.pretrain_backbone(
            project_id,
            round_id,
            modality,
            images,
            config,
            genesis_steps,
            lambda values: report(str(values.pop("stage")), **values),
        )
        genesis_metrics["genesis_pretrained"] = True
    if backbone_id is not None:
        init_state = genesis.start_state(backbone_id, config)
        parent_id = backbone_id
        genesis_metrics["genesis_model_version_id"] = str(backbone_id)
    with session_scope() as session:
        _advance(session, round_id, RoundStatus.training)
    report.check()

    def on_progress(values: dict[str, Any]) -> None:
        stage = str(values.pop("stage"))
        if stage == "scoring" and report.stage != "scoring":
            with session_scope() as session:
                _advance(session, round_id, RoundStatus.scoring)
        report(stage, **values)

    compute_started = time.perf_counter()
    output = run_round_ml(
        [_sample(p) for p in new_patients],
        [_sample(p) for p in data.validation],
        [_sample(p) for p in data.pool],
        config,
        strategy,
        init_state=init_state,
        progress=on_progress,
        earlier=[_sample(p) for p in earlier_patients],
        # Only a previous round's segmenter is fine-tuned at the reduced rate; a Genesis backbone's decoder
        # and heads start untrained.
        fine_tune=parent is not None,
    )
    compute_seconds = time.perf_counter() - compute_started
    report.check()
    result = output.train_result
    # One model version per job: a re-run after a lost worker overwrites its own row and file.
    model_version_id = existing or uuid.uuid4()
    key = f"models/{model_version_id}.pt"
    sha = save_checkpoint(blobs.path_of(key), result.state_dict, config.to_dict())
    metrics = {
        "val_dice": result.val_dice,
        "val_dice_per_label": {label_names.get(k, str(k)): v for k, v in result.val_dice_per_label.items()},
        "n_train": len(data.train),
        "n_new_train": len(new_patients),
        "n_trained_on": len(output.trained_on),
        "n_validation": len(data.validation),
        "epochs_run": result.epochs_run,
        "best_epoch": result.best_epoch,
        "converged": result.converged,
        "train_seconds": round(result.seconds, 2),
        "score_seconds": round(max(0.0, compute_seconds - result.seconds), 2),
        "compute_seconds": round(compute_seconds, 2),
        **genesis_metrics,
    }
    with session_scope() as session:
        version = session.get(ModelVersion, model_version_id) if existing else None
        if version is None:
            version = ModelVersion(id=model_version_id, project_id=project_id, job_id=job_id)
            session.add(version)
        version.round_id = round_id
        version.parent_id = parent_id
        version.kind = "segmenter"
        version.storage_key = key
        version.sha256 = sha
        version.config = config.to_dict()
        # What this model's lineage has learned from: the next round fine-tunes it on the patients labelled
        # since (kept on the model only; a round's metrics are shown by the API and would grow with the project).
        version.metrics = {**metrics, "trained_on": sorted(str(p.patient_id) for p in data.train)}
        session.flush()
        current = session.get(Round, round_id)
        assert current is not None
        current.model_version_id = model_version_id
        current.metrics = metrics
        # An empty pool never reports a scoring stage.
        _advance(session, round_id, RoundStatus.scoring)
        session.execute(delete(Prediction).where(Prediction.round_id == round_id))
        for patient in data.pool:
            predicted = output.predictions[patient.external_id]
            session.add(_store_prediction(round_id, model_version_id, patient, predicted.mask, predicted.uncertainty))
        _advance(session, round_id, RoundStatus.selecting)
    report("selecting", percent=0)
    _select(
        round_id,
        data.pool,
        output,
        seed=seed,
        batch_size=batch_size,
        metrics=metrics,
        pool_fraction=config.omega_pool_fraction,
    )
    jobs.set_progress(job_id, {"stage": "ready", "percent": 100})
    jobs.finish(job_id)
    log.info("round.ready round=%s val_dice=%s", round_id, metrics.get("val_dice"))


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


def _sample(patient: PatientArrays) -> Any:
    from worker.ml.data import Sample

    return Sample(id=patient.external_id, image=patient.image, label=patient.label)


def _store_prediction(
    round_id: uuid.UUID,
    model_version_id: uuid.UUID,
    patient: PatientArrays,
    mask: np.ndarray,
    voxel_map: np.ndarray | None,
) -> Prediction:
    affine = np.asarray(patient.volume.affine)
    mask_key = f"predictions/{round_id}/{patient.patient_id}_mask.nii.gz"
    mask_sha256 = blobs.put_bytes(mask_key, nifti_io.encode(mask.astype(np.uint8), affine))
    uncertainty_key = uncertainty_sha256 = None
    if voxel_map is not None:
        uncertainty_key = f"predictions/{round_id}/{patient.patient_id}_uncertainty.nii.gz"
        uncertainty_sha256 = blobs.put_bytes(uncertainty_key, nifti_io.encode(voxel_map.astype(np.float32), affine))
    return Prediction(
        round_id=round_id,
        patient_id=patient.patient_id,
        model_version_id=model_version_id,
        mask_key=mask_key,
        uncertainty_key=uncertainty_key,
        mask_sha256=mask_sha256,
        uncertainty_sha256=uncertainty_sha256,
    )


def _select(
    round_id: uuid.UUID,
    pool: list[PatientArrays],
    output: Any,
    *,
    seed: int,
    batch_size: int,
    metrics: dict[str, Any],
    pool_fraction: float,
) -> None:
    from worker.ml.round import select_round

    scores = [output.scores[p.external_id] for p in pool]
    with session_scope() as session:
        current = session.get(Round, round_id)
        assert current is not None
        project = session.get(Project, current.project_id)
        assert project is not None
        values = np.array([s.value for s in scores], dtype=np.float64)
        # Per-patient costs from the project's formula (flat or by volume size), as the debit will charge them.
        # Reading-time prices use each case's predicted foreground and score rank: price with this round's
        # scores (not yet stored), as the queue and the debit will once they are.
        by_patient = budget_service.patient_costs_cents(
            session,
            project,
            [p.patient_id for p in pool],
            scored={p.patient_id: (float(s.value), s.components) for p, s in zip(pool, scores, strict=True)},
        )
        costs = np.array([by_patient[p.patient_id] for p in pool], dtype=np.int64)
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
        chosen_set = {index for index, patient in enumerate(pool) if patient.external_id in picked}
        order = np.argsort(-values, kind="stable")
        ranks = np.empty(len(pool), dtype=np.int64)
        ranks[order] = np.arange(1, len(pool) + 1)
        session.execute(delete(Score).where(Score.round_id == round_id))
        for index, (patient, score) in enumerate(zip(pool, scores, strict=True)):
            session.add(
                Score(
                    round_id=round_id,
                    patient_id=patient.patient_id,
                    value=float(score.value),
                    components={k: float(v) for k, v in score.components.items()},
                    rank=int(ranks[index]),
                    selected=index in chosen_set,
                    cost_cents=int(costs[index]),
                )
            )
        current.metrics = {**metrics, "n_scored": len(pool), "n_selected": len(chosen_set)}
        # Without auto-publish the selection waits in review for a lead to approve (or change) it.
        _advance(session, round_id, RoundStatus.ready if project.auto_publish else RoundStatus.review)
