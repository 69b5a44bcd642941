"""The active-learning round as one durable job: train → score → select, state kept in the database.

Each stage opens its own short session; no transaction is held across training.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any

import numpy as np
from sqlalchemy import delete, select

from backend.budget import service as budget_service
from backend.db.session import session_scope
from backend.jobs.names import ROUND_RUN
from backend.models import Job, ModelVersion, Prediction, Project, Round, Score
from backend.round.state import FINAL, RoundStatus, transition
from backend.storage import blobs, nifti_io
from worker.celery_app import app
from worker.tasks import jobs
from worker.tasks.data import PatientArrays, load_round_data

log = logging.getLogger(__name__)


@app.task(name=ROUND_RUN, acks_late=True)
def run_round_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    """Run the round behind ``job_id`` to the ``ready`` state, or record why it failed."""
    if not jobs.claim(job_id):
        log.info("round.job.skipped job=%s (finished or out of attempts)", job_id)
        return
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.round_id is not None
        round_id = job.round_id
        current = session.get(Round, round_id)
        assert current is not None
        if current.status in FINAL:
            jobs.finish(job_id)
            return
        if current.status == RoundStatus.created:
            transition(session, round_id, to=RoundStatus.training)
    try:
        _run(job_id, round_id)
    except Exception as exc:
        log.exception("round.failed round=%s", round_id)
        message = f"{type(exc).__name__}: {exc}"
        jobs.finish(job_id, error=traceback.format_exc(limit=5))
        with session_scope() as session:
            transition(session, round_id, to=RoundStatus.failed, error=message)
        raise


def _run(job_id: uuid.UUID, round_id: uuid.UUID) -> None:
    from worker.ml.checkpoint import load_checkpoint, save_checkpoint
    from worker.ml.config import TrainConfig
    from worker.ml.round import run_round_ml

    report = jobs.ProgressReporter(job_id)
    with session_scope() as session:
        current = session.get(Round, round_id)
        job = session.get(Job, job_id)
        assert current is not None and job is not None
        project = session.get(Project, current.project_id)
        assert project is not None
        data = load_round_data(session, project)
        label_names = {int(label["value"]): str(label["name"]) for label in project.labels}
        spatial_dims = 2 if data.train and data.train[0].image.shape[-1] == 1 else 3
        config = TrainConfig.from_dict(
            {
                "num_classes": 1 + max(label_names),
                "seed": current.seed,
                "spatial_dims": spatial_dims,
                "modality": project.modality,
                **job.config,
            }
        )
        parent = session.scalar(
            select(ModelVersion)
            .where(ModelVersion.project_id == project.id, ModelVersion.kind == "segmenter")
            .order_by(ModelVersion.created_at.desc())
            .limit(1)
        )
        parent_id = parent.id if parent else None
        init_state = load_checkpoint(blobs.path_of(parent.storage_key), parent.sha256) if parent else None
        strategy, seed, batch_size, project_id = current.strategy, current.seed, current.batch_size, project.id
    if not data.train:
        raise ValueError("No annotated pool patients to train on; import labels or annotate some patients first")

    def on_progress(values: dict[str, Any]) -> None:
        stage = str(values.pop("stage"))
        if stage == "scoring" and report.stage != "scoring":
            with session_scope() as session:
                transition(session, round_id, to=RoundStatus.scoring)
        report(stage, **values)

    output = run_round_ml(
        [_sample(p) for p in data.train],
        [_sample(p) for p in data.validation],
        [_sample(p) for p in data.pool],
        config,
        strategy,
        init_state=init_state,
        progress=on_progress,
    )
    result = output.train_result
    model_version_id = uuid.uuid4()
    key = f"models/{model_version_id}.pt"
    sha = save_checkpoint(blobs.path_of(key), result.state_dict, config.to_dict())
    metrics = {
        "val_dice": result.val_dice,
        "val_dice_per_label": {label_names.get(k, str(k)): v for k, v in result.val_dice_per_label.items()},
        "n_train": len(data.train),
        "n_validation": len(data.validation),
        "train_seconds": round(result.seconds, 2),
    }
    scores = [output.scores[p.external_id] for p in data.pool]
    with session_scope() as session:
        session.add(
            ModelVersion(
                id=model_version_id,
                project_id=project_id,
                round_id=round_id,
                parent_id=parent_id,
                kind="segmenter",
                storage_key=key,
                sha256=sha,
                config=config.to_dict(),
                metrics=metrics,
            )
        )
        session.flush()
        current = session.get(Round, round_id)
        assert current is not None
        current.model_version_id = model_version_id
        current.metrics = metrics
        # An empty pool never reports a scoring stage.
        transition(session, round_id, to=RoundStatus.scoring)
        session.execute(delete(Prediction).where(Prediction.round_id == round_id))
        for patient in data.pool:
            predicted = output.predictions[patient.external_id]
            session.add(_store_prediction(round_id, model_version_id, patient, predicted.mask, predicted.uncertainty))
        transition(session, round_id, to=RoundStatus.selecting)
    report("selecting", percent=0)
    _select(round_id, data.pool, scores, seed=seed, batch_size=batch_size, metrics=metrics)
    jobs.set_progress(job_id, {"stage": "ready", "percent": 100})
    jobs.finish(job_id)
    log.info("round.ready round=%s val_dice=%s", round_id, metrics.get("val_dice"))


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
    blobs.put_bytes(mask_key, nifti_io.encode(mask.astype(np.uint8), affine))
    uncertainty_key = None
    if voxel_map is not None:
        uncertainty_key = f"predictions/{round_id}/{patient.patient_id}_uncertainty.nii.gz"
        blobs.put_bytes(uncertainty_key, nifti_io.encode(voxel_map.astype(np.float32), affine))
    return Prediction(
        round_id=round_id,
        patient_id=patient.patient_id,
        model_version_id=model_version_id,
        mask_key=mask_key,
        uncertainty_key=uncertainty_key,
    )


def _select(
    round_id: uuid.UUID,
    pool: list[PatientArrays],
    scores: list[Any],
    *,
    seed: int,
    batch_size: int,
    metrics: dict[str, Any],
) -> None:
    from worker.ml.selection import select_within_budget

    with session_scope() as session:
        current = session.get(Round, round_id)
        assert current is not None
        project = session.get(Project, current.project_id)
        assert project is not None
        values = np.array([s.value for s in scores], dtype=np.float64)
        costs = np.full(len(pool), project.cost_per_patient_cents, dtype=np.int64)
        chosen = (
            select_within_budget(values, costs, budget_service.remaining_cents(project), batch_size, seed=seed)
            if len(pool)
            else np.array([], dtype=np.int64)
        )
        chosen_set = {int(i) for i in chosen}
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
                    cost_cents=project.cost_per_patient_cents,
                )
            )
        current.metrics = {**metrics, "n_scored": len(pool), "n_selected": len(chosen_set)}
        transition(session, round_id, to=RoundStatus.ready)
