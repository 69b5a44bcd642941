"""What a round reads before it trains and what it writes back: its model version (row and checkpoint), its
metrics, the pool's predictions, the scores with their costs and the selection, and the round's state moves.

Reads happen in one short session before training and each write in one short session after it, so no transaction
is held across training. A job re-run after its worker died overwrites its own model version, predictions and
scores instead of adding new ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.db.session import session_scope
from backend.jobs.settings import job_settings
from backend.models import Job, ModelVersion, Prediction, Project, Round, Score
from backend.round import ranking
from backend.round.state import RoundStatus, transition
from backend.storage import blobs, nifti_io
from worker.tasks import genesis
from worker.tasks.data import PatientArrays, RoundData, load_round_data
from worker.tasks.jobs import JobCancelled, JobLost
from worker.tasks.rows import require
from worker.tasks.train_config import spatial_dims, train_config, train_values

if TYPE_CHECKING:
    import torch

    from worker.ml.config import TrainConfig
    from worker.ml.round import RoundOutput
    from worker.ml.scoring import ScoreResult

SEGMENTER = "segmenter"


@dataclass(frozen=True)
class RoundInputs:
    """What a round's job trains from, read before training so no session stays open across it."""

    job_id: uuid.UUID
    round_id: uuid.UUID
    project_id: uuid.UUID
    modality: str
    strategy: str
    seed: int
    batch_size: int
    data: RoundData
    label_names: dict[int, str]
    config: TrainConfig
    genesis_steps: int
    # The latest segmenter of an earlier round: this round fine-tunes it (its ``trained_on`` splits the patients).
    parent_id: uuid.UUID | None
    parent_state: dict[str, torch.Tensor] | None
    parent_metrics: dict[str, Any] | None
    # Only a first round starts from the Genesis backbone (``backbone_id`` when the project already has one).
    use_genesis: bool
    backbone_id: uuid.UUID | None
    # This job's model version from an earlier attempt, which the re-run overwrites.
    existing_version_id: uuid.UUID | None


def load_inputs(job_id: uuid.UUID, round_id: uuid.UUID) -> RoundInputs:
    from worker.ml.checkpoint import load_checkpoint

    with session_scope() as session:
        current = require(session, Round, round_id)
        job = require(session, Job, job_id)
        project = require(session, Project, current.project_id)
        data = load_round_data(session, project)
        genesis_steps = int(job.config.get("genesis_steps", job_settings().genesis_steps))
        dims = spatial_dims(data.train[0].image) if data.train else 3
        config = train_config(train_values(project, job.config, spatial_dims=dims, seed=current.seed))
        parent = _latest_segmenter(session, project.id, round_id)
        use_genesis = parent is None and project.genesis_enabled and genesis_steps > 0
        backbone = genesis.find_backbone(session, project.id, project.modality, config) if use_genesis else None
        return RoundInputs(
            job_id=job_id,
            round_id=round_id,
            project_id=project.id,
            modality=project.modality,
            strategy=current.strategy,
            seed=current.seed,
            batch_size=current.batch_size,
            data=data,
            label_names={int(label["value"]): str(label["name"]) for label in project.labels},
            config=config,
            genesis_steps=genesis_steps,
            parent_id=parent.id if parent else None,
            parent_state=load_checkpoint(blobs.path_of(parent.storage_key), parent.sha256) if parent else None,
            parent_metrics=dict(parent.metrics or {}) if parent else None,
            use_genesis=use_genesis,
            backbone_id=backbone.id if backbone is not None else None,
            existing_version_id=session.scalar(select(ModelVersion.id).where(ModelVersion.job_id == job_id)),
        )


def _latest_segmenter(session: Session, project_id: uuid.UUID, round_id: uuid.UUID) -> ModelVersion | None:
    """The latest model of an earlier round: a re-run must not fine-tune from its own failed attempt."""
    return session.scalar(
        select(ModelVersion)
        .where(
            ModelVersion.project_id == project_id,
            ModelVersion.kind == SEGMENTER,
            or_(ModelVersion.round_id.is_(None), ModelVersion.round_id != round_id),
        )
        .order_by(ModelVersion.created_at.desc())
        .limit(1)
    )


def advance(session: Session, round_id: uuid.UUID, to: RoundStatus) -> None:
    """Move the round forward; a round cancelled (or failed) meanwhile stops the job and rolls back its writes."""
    if transition(session, round_id, to=to):
        return
    current = require(session, Round, round_id)
    if current.status == RoundStatus.cancelled:
        raise JobCancelled(f"round {round_id} was cancelled")
    if current.status == RoundStatus.failed:
        raise JobLost(f"round {round_id} was marked failed meanwhile")
    # Otherwise a previous attempt already moved it past ``to``: carry on.


def advance_now(round_id: uuid.UUID, to: RoundStatus) -> None:
    """``advance`` in a session of its own."""
    with session_scope() as session:
        advance(session, round_id, to)


def round_metrics(
    inputs: RoundInputs, output: RoundOutput, *, n_new_train: int, compute_seconds: float, extra: dict[str, Any]
) -> dict[str, Any]:
    """What the API shows of the round's training (the selection adds its counts)."""
    result = output.train_result
    return {
        "val_dice": result.val_dice,
        "val_dice_per_label": {inputs.label_names.get(k, str(k)): v for k, v in result.val_dice_per_label.items()},
        "n_train": len(inputs.data.train),
        "n_new_train": n_new_train,
        "n_trained_on": len(output.trained_on),
        "n_validation": len(inputs.data.validation),
        "epochs_run": result.epochs_run,
        "best_epoch": result.best_epoch,
        "converged": result.converged,
        "train_seconds": round(result.seconds, 2),
        "score_seconds": round(max(0.0, compute_seconds - result.seconds), 2),
        "compute_seconds": round(compute_seconds, 2),
        **extra,
    }


def save_model_and_predictions(
    inputs: RoundInputs, output: RoundOutput, metrics: dict[str, Any], parent_id: uuid.UUID | None
) -> uuid.UUID:
    """Store the trained model (one version per job) as the round's, and the pool's predictions; the round moves
    through scoring (an empty pool never reports that stage) to selecting."""
    from worker.ml.checkpoint import save_checkpoint

    version_id = inputs.existing_version_id or uuid.uuid4()
    key = f"models/{version_id}.pt"
    sha = save_checkpoint(blobs.path_of(key), output.train_result.state_dict, inputs.config.to_dict())
    with session_scope() as session:
        version = session.get(ModelVersion, version_id) if inputs.existing_version_id else None
        if version is None:
            version = ModelVersion(id=version_id, project_id=inputs.project_id, job_id=inputs.job_id)
            session.add(version)
        version.round_id = inputs.round_id
        version.parent_id = parent_id
        version.kind = SEGMENTER
        version.storage_key = key
        version.sha256 = sha
        version.config = inputs.config.to_dict()
        # What this model's lineage has learned from: the next round fine-tunes it on the patients labelled
        # since (kept on the model only; a round's metrics are shown by the API and would grow with the project).
        # What it was validated on lets the random baseline measure its replay on the same patients.
        version.metrics = {
            **metrics,
            "trained_on": sorted(str(p.patient_id) for p in inputs.data.train),
            "validated_on": sorted(str(p.patient_id) for p in inputs.data.validation),
        }
        session.flush()
        current = require(session, Round, inputs.round_id)
        current.model_version_id = version_id
        current.metrics = metrics
        advance(session, inputs.round_id, RoundStatus.scoring)
        session.execute(delete(Prediction).where(Prediction.round_id == inputs.round_id))
        for patient in inputs.data.pool:
            predicted = output.predictions[patient.external_id]
            session.add(_prediction(inputs.round_id, version_id, patient, predicted.mask, predicted.uncertainty))
        advance(session, inputs.round_id, RoundStatus.selecting)
    return version_id


def _prediction(
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


def pool_costs(
    session: Session, project: Project, pool: Sequence[PatientArrays], scores: Sequence[ScoreResult]
) -> np.ndarray:
    """Per-patient costs from the project's formula (flat or by volume size), as the debit will charge them.

    Reading-time prices use each case's predicted foreground and score rank: price with this round's scores (not
    yet stored), as the queue and the debit will once they are.
    """
    by_patient = budget_service.patient_costs_cents(
        session,
        project,
        [p.patient_id for p in pool],
        scored={p.patient_id: (float(s.value), s.components) for p, s in zip(pool, scores, strict=True)},
    )
    return np.array([by_patient[p.patient_id] for p in pool], dtype=np.int64)


def save_scores(
    session: Session,
    round_id: uuid.UUID,
    pool: Sequence[PatientArrays],
    scores: Sequence[ScoreResult],
    costs: np.ndarray,
    picked: set[str],
) -> int:
    """Replace the round's scores (ranked, with each patient's cost and whether it was picked); returns how many
    were picked."""
    ranks = ranking.rank_scores([s.value for s in scores])
    session.execute(delete(Score).where(Score.round_id == round_id))
    for index, (patient, score) in enumerate(zip(pool, scores, strict=True)):
        session.add(
            Score(
                round_id=round_id,
                patient_id=patient.patient_id,
                value=float(score.value),
                components={k: float(v) for k, v in score.components.items()},
                rank=int(ranks[index]),
                selected=patient.external_id in picked,
                cost_cents=int(costs[index]),
            )
        )
    return sum(1 for patient in pool if patient.external_id in picked)
