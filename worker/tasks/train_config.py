"""The TrainConfig a job trains with, built in one place for rounds and the simulated baseline.

A round trains with the project's shape (classes, 2-D or 3-D, modality) and its seed, overridden by the job's own
settings (``jobs.config``, e.g. ``epochs`` from the API); the baseline replays a round's settings with its own
seeds, so both must build them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from backend.models import Project

if TYPE_CHECKING:
    from worker.ml.config import TrainConfig

# Settings a job carries that are not TrainConfig fields (they steer the task, e.g. its Genesis pre-training).
TASK_SETTINGS = frozenset({"genesis_steps"})


def spatial_dims(image: np.ndarray) -> int:
    """2 for a single-slice image (stored as ``(X, Y, 1)``), else 3."""
    return 2 if image.shape[-1] == 1 else 3


def train_values(
    project: Project, job_config: Mapping[str, Any], *, spatial_dims: int, seed: int | None = None
) -> dict[str, Any]:
    """The config as a dict (what a model version stores); the job's settings win over the project's."""
    values: dict[str, Any] = {
        "num_classes": 1 + max(int(label["value"]) for label in project.labels),
        "spatial_dims": spatial_dims,
        "modality": project.modality,
    }
    if seed is not None:
        values["seed"] = seed
    return {**values, **{key: value for key, value in job_config.items() if key not in TASK_SETTINGS}}


def train_config(values: Mapping[str, Any], **overrides: Any) -> TrainConfig:
    """``values`` (from ``train_values`` or a stored model version) as a TrainConfig, with ``overrides`` applied."""
    from worker.ml.config import TrainConfig

    return TrainConfig.from_dict({**values, **overrides})
