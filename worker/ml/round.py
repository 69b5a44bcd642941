"""One active-learning round for the Celery task: train, predict the pool, score it.

Selection is not done here because it needs the live budget (see :mod:`worker.ml.selection`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from worker.ml.config import TrainConfig
from worker.ml.data import Sample
from worker.ml.inference import load_model, predict_with_model
from worker.ml.scoring import ScoreContext, ScoreResult, get_strategy
from worker.ml.training import ProgressFn, TrainResult, train_segmenter
from worker.ml.uncertainty import entropy

__all__ = ["PoolPrediction", "RoundOutput", "run_round_ml"]


@dataclass(frozen=True)
class PoolPrediction:
    """What is stored per pool patient.

    Attributes:
        mask: uint8 ``(X, Y, Z)`` predicted labels.
        uncertainty: float32 ``(X, Y, Z)``: the strategy's voxel map, or predictive entropy when the strategy
            has none (``random``), so the overlay is always available.
        features: float32 ``(F,)`` pooled bottleneck embedding.
    """

    mask: np.ndarray
    uncertainty: np.ndarray
    features: np.ndarray


@dataclass(frozen=True)
class RoundOutput:
    """Result of :func:`run_round_ml`; ``predictions`` and ``scores`` are keyed by pool sample id."""

    train_result: TrainResult
    predictions: dict[str, PoolPrediction]
    scores: dict[str, ScoreResult]


def run_round_ml(
    train: Sequence[Sample],
    val: Sequence[Sample],
    pool: Sequence[Sample],
    config: TrainConfig,
    strategy: str,
    init_state: Mapping[str, torch.Tensor] | None = None,
    progress: ProgressFn | None = None,
) -> RoundOutput:
    """Fine-tune on ``train``, validate on ``val``, then predict and score every ``pool`` sample.

    Args:
        train: labelled samples (may be empty: the model stays untrained, use ``random``).
        val: labelled validation samples.
        pool: unlabelled candidates (labels, if any, are ignored).
        config: hyper-parameters.
        strategy: a name in :data:`worker.ml.scoring.STRATEGIES`.
        init_state: previous round's weights (continual fine-tuning) or ``None``.
        progress: receives ``{"stage": "training", "epoch", "epochs", "loss", "percent"}`` per epoch, then
            ``{"stage": "scoring", "done", "total", "percent"}`` per pool sample; ``percent`` is per stage.

    Returns:
        :class:`RoundOutput`.
    """
    chosen = get_strategy(strategy)  # fail before spending time on training
    if len({s.id for s in pool}) != len(pool):
        raise ValueError("pool sample ids must be unique")

    def report(stage: str, payload: dict[str, Any]) -> None:
        if progress is not None:
            progress({"stage": stage, **payload})

    result = train_segmenter(train, val, config, init_state, lambda info: report("training", info))
    model = load_model(result.state_dict, config)
    mc = config.mc_samples if chosen.needs_mc else 0
    predictions: dict[str, PoolPrediction] = {}
    scores: dict[str, ScoreResult] = {}
    for done, sample in enumerate(pool, start=1):
        # One sample at a time keeps peak memory at one volume's probabilities.
        (prediction,) = predict_with_model(model, config, [sample.image], mc, return_heads=chosen.needs_heads)
        scored = chosen.fn(prediction, ScoreContext(sample.id, config.band_width, config.seed))
        uncertainty = scored.voxel_map if scored.voxel_map is not None else entropy(prediction.probs)
        predictions[sample.id] = PoolPrediction(prediction.mask, uncertainty, prediction.features)
        scores[sample.id] = scored
        report("scoring", {"done": done, "total": len(pool), "percent": 100.0 * done / len(pool)})
    return RoundOutput(result, predictions, scores)
