"""The project's Models Genesis backbone: pre-trained once per project and modality, before its first round.

Self-supervised restoration on the project's own images (labels are never read) gives the first round's UNet++
a starting point better than random weights when few patients are labelled (Zhou et al., MedIA 2021). Later
rounds fine-tune from the previous round's model instead, so the backbone is only needed once; it is kept as a
``ModelVersion`` of kind ``genesis`` so a retried or later first round (e.g. after the only round failed) reuses it.
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
from backend.models import ModelVersion
from backend.storage import blobs
from worker.tasks.rows import require

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
    round_id: uuid.UUID,
    modality: str,
    images: Sequence[np.ndarray],
    config: Any,
    steps: int,
    progress: Callable[[dict[str, Any]], None],
) -> uuid.UUID:
    """Pre-train on ``images`` and store the checkpoint; returns the new model version's id."""
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
