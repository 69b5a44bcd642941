"""One active-learning round for the Celery task: train, predict the pool, score it.

Selection is not done here because it needs the live budget: call :func:`select_round` (or
:func:`worker.ml.selection.select_batch`) with it. The label-efficiency benchmark runs exactly these two
functions, so the API's rounds and the benchmark share one implementation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from worker.ml.config import TrainConfig
from worker.ml.data import Sample, prepare_image, prepare_label
from worker.ml.inference import load_model, predict_with_model
from worker.ml.scoring import ScoreContext, ScoreResult, get_strategy
from worker.ml.selection import select_batch
from worker.ml.training import ProgressFn, TrainResult, evaluate_dice, train_segmenter
from worker.ml.uncertainty import entropy

__all__ = [
    "PoolPrediction",
    "RoundOutput",
    "continual_training_set",
    "hard_earlier_patients",
    "run_round_ml",
    "select_round",
]


@dataclass(frozen=True)
class PoolPrediction:
    """What is stored per pool patient.

    Attributes:
        mask: uint8 ``(X, Y, Z)`` predicted labels.
        uncertainty: float32 ``(X, Y, Z)``: the strategy's voxel map, or predictive entropy when the strategy
            has none (``random``), so the overlay is always available.
        features: float32 ``(2 * features[4],)`` bottleneck embedding (:func:`worker.ml.nets.capture_bottleneck`).
    """

    mask: np.ndarray
    uncertainty: np.ndarray
    features: np.ndarray


@dataclass(frozen=True)
class RoundOutput:
    """Result of :func:`run_round_ml`; ``predictions`` and ``scores`` are keyed by pool sample id.

    Attributes:
        strategy: the strategy name the pool was scored with.
        labelled_features: embeddings of the patients trained on (filled for ``coreset``/``hybrid``).
        trained_on: ids of the samples actually trained on (with ``continual="hq"``: the new ones plus the
            earlier ones the previous model got wrong).
    """

    train_result: TrainResult
    predictions: dict[str, PoolPrediction]
    scores: dict[str, ScoreResult]
    strategy: str = ""
    labelled_features: dict[str, np.ndarray] = field(default_factory=dict)
    trained_on: tuple[str, ...] = ()


def hard_earlier_patients(
    earlier: Sequence[Sample], state: Mapping[str, torch.Tensor], config: TrainConfig
) -> list[Sample]:
    """ACFT_(HQ)'s H: the earlier labelled patients the previous model now gets wrong.

    "Wrong" for segmentation: mean foreground Dice of ``state`` on the patient below
    ``config.hq_dice_threshold`` (a patient with no foreground in its label is wrong only if the model predicts
    some: see :func:`~worker.ml.training.dice_counts`).
    """
    model = load_model(state, config)
    hard = []
    for sample in earlier:
        if sample.label is None:
            raise ValueError(f"earlier sample {sample.id} has no label")
        pair = (prepare_image(sample.image, config), prepare_label(sample.label, config))
        dice, _ = evaluate_dice(model, [pair], config)
        if dice is not None and dice < config.hq_dice_threshold:
            hard.append(sample)
    return hard


def continual_training_set(
    new: Sequence[Sample],
    earlier: Sequence[Sample],
    config: TrainConfig,
    init_state: Mapping[str, torch.Tensor] | None,
) -> list[Sample]:
    """What a round trains on: the patients labelled since the previous model plus the replay of earlier ones
    (all of them for ``continual="all"``, ACFT_(LQ); only those ``init_state`` gets wrong for ``"hq"``, ACFT_(HQ)).

    One function for the rounds and the simulated random baseline, so the baseline replays a round's recipe.
    """
    replay = list(earlier)
    if config.continual == "hq" and init_state is not None and replay:
        replay = hard_earlier_patients(replay, init_state, config)
    return [*new, *replay]


def run_round_ml(
    train: Sequence[Sample],
    val: Sequence[Sample],
    pool: Sequence[Sample],
    config: TrainConfig,
    strategy: str,
    init_state: Mapping[str, torch.Tensor] | None = None,
    progress: ProgressFn | None = None,
    earlier: Sequence[Sample] = (),
    trained: TrainResult | None = None,
    fine_tune: bool = False,
) -> RoundOutput:
    """Fine-tune on ``train``, validate on ``val``, then predict and score every ``pool`` sample.

    Args:
        train: labelled samples (may be empty: the model stays untrained, use ``random``). With ``earlier``
            given, these are the patients labelled since the previous round.
        val: labelled validation samples.
        pool: unlabelled candidates (labels, if any, are ignored).
        config: hyper-parameters.
        strategy: a name in :data:`worker.ml.scoring.STRATEGIES`.
        init_state: previous round's weights (continual fine-tuning) or ``None``.
        progress: receives ``{"stage": "training", "epoch", "epochs", "loss", "percent"}`` per epoch, then
            ``{"stage": "scoring", "done", "total", "percent"}`` per pool sample; ``percent`` is per stage.
        earlier: patients labelled in earlier rounds. ``config.continual="all"`` trains on them too
            (ACFT_(LQ)); ``"hq"`` with ``init_state`` keeps only those the previous model gets wrong
            (ACFT_(HQ)); without ``init_state`` every one is kept.
        trained: a result of :func:`~worker.ml.training.train_segmenter` on exactly this round's training set
            and config; training is then skipped. The benchmark passes it so that strategies sharing a seed's
            initial patients score from one identical first model instead of retraining it per strategy.
        fine_tune: ``init_state`` is the previous round's segmenter (not a Genesis backbone): train with the
            reduced fine-tuning learning rate (``config.lr_fine_tune_scale``).

    Returns:
        :class:`RoundOutput`.
    """
    chosen = get_strategy(strategy)  # fail before spending time on training
    if len({s.id for s in pool}) != len(pool):
        raise ValueError("pool sample ids must be unique")

    def report(stage: str, payload: dict[str, Any]) -> None:
        if progress is not None:
            progress({"stage": stage, **payload})

    train_set = continual_training_set(train, earlier, config, init_state)
    result = trained or train_segmenter(
        train_set, val, config, init_state, lambda info: report("training", info), fine_tune=fine_tune
    )
    model = load_model(result.state_dict, config)
    labelled_features: dict[str, np.ndarray] = {}
    if chosen.needs_labelled_features and train_set:
        embedded = predict_with_model(model, config, [s.image for s in train_set], return_heads=False)
        labelled_features = {s.id: p.features for s, p in zip(train_set, embedded, strict=True)}
    stacked = np.stack(list(labelled_features.values())) if labelled_features else None
    mc = config.mc_samples if chosen.needs_mc else 0
    views = config.acft_views if chosen.needs_views else 0
    predictions: dict[str, PoolPrediction] = {}
    scores: dict[str, ScoreResult] = {}
    for done, sample in enumerate(pool, start=1):
        # One sample at a time keeps peak memory at one volume's probabilities.
        (prediction,) = predict_with_model(
            model, config, [sample.image], mc, return_heads=chosen.needs_heads, views=views
        )
        context = ScoreContext(
            sample.id,
            config.band_width,
            config.seed,
            labelled_features=stacked,
            acft_alpha=config.acft_alpha,
            acft_weights=config.acft_weights,
            acft_clamp=config.acft_clamp,
            band_threshold=config.band_threshold,
        )
        scored = chosen.fn(prediction, context)
        uncertainty = scored.voxel_map if scored.voxel_map is not None else entropy(prediction.probs)
        predictions[sample.id] = PoolPrediction(prediction.mask, uncertainty, prediction.features)
        scores[sample.id] = scored
        report("scoring", {"done": done, "total": len(pool), "percent": 100.0 * done / len(pool)})
    return RoundOutput(result, predictions, scores, strategy, labelled_features, tuple(s.id for s in train_set))


def select_round(
    output: RoundOutput,
    pool_ids: Sequence[str],
    costs: np.ndarray,
    budget_remaining: float,
    batch_size: int,
    seed: int = 0,
    omega: int = 5,
    pool_fraction: float = 0.25,
    objective: str = "score",
) -> list[str]:
    """Pick the pool patients to annotate next, the way ``output.strategy`` selects (rank or k-center).

    Args:
        output: this round's :func:`run_round_ml` result.
        pool_ids: candidate ids (order matches ``costs``); each must be in ``output.scores``.
        costs: float ``(N,)`` per-patient annotation cost.
        budget_remaining: the chosen costs never sum above it.
        batch_size: ``b``.
        seed: makes the pick reproducible.
        omega: ACFT random extension / hybrid shortlist factor.
        pool_fraction: caps the ACFT pool / hybrid shortlist at ``max(b, ceil(pool_fraction * N))``
            (``TrainConfig.omega_pool_fraction``).
        objective: ``"score"`` or ``"value_per_cost"`` (see :func:`~worker.ml.selection.select_batch`).

    Returns:
        Chosen ids, best first (``value_per_cost``: in the order taken).
    """
    strategy = get_strategy(output.strategy)
    ids = list(pool_ids)
    scores = np.array([output.scores[i].value for i in ids], dtype=np.float64)
    features = np.stack([output.predictions[i].features for i in ids]) if ids else None
    labelled = np.stack(list(output.labelled_features.values())) if output.labelled_features else None
    chosen = select_batch(
        scores,
        costs,
        budget_remaining,
        batch_size,
        mode=strategy.selection,
        omega=omega,
        seed=seed,
        features=features,
        labelled_features=labelled,
        pool_fraction=pool_fraction,
        objective=objective,
    )
    return [ids[int(i)] for i in chosen]
