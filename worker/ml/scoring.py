"""Patient scoring strategies registered by name (MONAI Label ``ScoringMethod`` style, without any I/O).

Every strategy maps one :class:`~worker.ml.inference.Prediction` to a :class:`ScoreResult`: a patient score
(higher = more worth annotating), the components that explain it, and the voxel map shown as the overlay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from worker.ml.inference import Prediction
from worker.ml.uncertainty import aggregate_band, entropy, mutual_information

__all__ = ["STRATEGIES", "ScoreContext", "ScoreResult", "Strategy", "get_strategy", "register", "score"]


@dataclass(frozen=True)
class ScoreResult:
    """Score of one patient.

    Attributes:
        value: the ranking score, higher = select first.
        components: named numbers explaining ``value`` (shown to the annotator as the "why").
        voxel_map: float32 ``(X, Y, Z)`` voxel uncertainty for the overlay, or ``None`` (``random``).
    """

    value: float
    components: dict[str, float]
    voxel_map: np.ndarray | None


@dataclass(frozen=True)
class ScoreContext:
    """What a strategy may need besides the prediction.

    Attributes:
        sample_id: patient id (``random`` derives its draw from it so scores don't depend on pool order).
        band_width: dilation of the predicted foreground, in voxels, for aggregation.
        seed: round seed.
    """

    sample_id: str
    band_width: int = 3
    seed: int = 0


ScoreFn = Callable[[Prediction, ScoreContext], ScoreResult]


@dataclass(frozen=True)
class Strategy:
    """A named scoring function; ``needs_mc`` asks inference for MC-dropout samples, ``needs_heads`` for the
    per-head probabilities."""

    name: str
    fn: ScoreFn
    description: str
    needs_mc: bool = False
    needs_heads: bool = False


STRATEGIES: dict[str, Strategy] = {}


def register(
    name: str, description: str, needs_mc: bool = False, needs_heads: bool = False
) -> Callable[[ScoreFn], ScoreFn]:
    """Decorator adding a scoring function to :data:`STRATEGIES` under ``name``."""

    def wrap(fn: ScoreFn) -> ScoreFn:
        if name in STRATEGIES:
            raise ValueError(f"strategy {name!r} registered twice")
        STRATEGIES[name] = Strategy(name, fn, description, needs_mc, needs_heads)
        return fn

    return wrap


def get_strategy(name: str) -> Strategy:
    """Look up a strategy; raises ``KeyError`` naming the known ones."""
    try:
        return STRATEGIES[name]
    except KeyError:
        raise KeyError(f"unknown strategy {name!r}; known: {sorted(STRATEGIES)}") from None


def score(prediction: Prediction, strategy: str, context: ScoreContext) -> ScoreResult:
    """Score one prediction with the named strategy."""
    return get_strategy(strategy).fn(prediction, context)


def _band_components(prefix: str, voxel_map: np.ndarray, prediction: Prediction, width: int) -> dict[str, float]:
    value, voxels, fallback = aggregate_band(voxel_map, prediction.mask, width)
    return {
        prefix: value,
        f"{prefix}_whole_volume": float(voxel_map.mean()),
        "foreground_voxels": float(np.count_nonzero(prediction.mask)),
        "band_voxels": float(voxels),
        "empty_prediction": float(fallback),
    }


@register("random", "Uniform random score (baseline; deterministic per patient id and seed).")
def random_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Random baseline: a uniform [0, 1) draw seeded by ``(seed, sha256(sample_id))``."""
    digest = int.from_bytes(hashlib.sha256(context.sample_id.encode()).digest()[:8], "big")
    value = float(np.random.default_rng([context.seed, digest]).random())
    return ScoreResult(value, {"random": value}, None)


@register("entropy", "Predictive entropy of the final head, mean over the predicted structure and its border.")
def entropy_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Predictive entropy ``H(p)`` of the (MC-mean if available) final-head softmax, band-aggregated."""
    probs = prediction.mc_probs.mean(axis=0) if prediction.mc_probs is not None else prediction.probs
    voxel_map = entropy(probs, axis=0)
    components = _band_components("entropy", voxel_map, prediction, context.band_width)
    return ScoreResult(components["entropy"], components, voxel_map)


@register(
    "unetpp_heads",
    "Disagreement of the four UNet++ deep-supervision heads (Jensen-Shannon), one forward pass.",
    needs_heads=True,
)
def heads_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Generalised JS divergence of the 4 heads (= mean KL of each head to their mean), band-aggregated."""
    if prediction.head_probs is None:
        raise ValueError("unetpp_heads needs head_probs; predict with return_heads=True")
    voxel_map = mutual_information(prediction.head_probs)
    components = _band_components("heads_js", voxel_map, prediction, context.band_width)
    components["entropy"] = aggregate_band(entropy(prediction.probs), prediction.mask, context.band_width)[0]
    return ScoreResult(components["heads_js"], components, voxel_map)


@register("mc_dropout", "BALD mutual information over MC-dropout samples (Gal et al. 2017).", needs_mc=True)
def bald_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """BALD ``H(mean_t p_t) - mean_t H(p_t)`` over MC-dropout samples, band-aggregated."""
    if prediction.mc_probs is None:
        raise ValueError("mc_dropout needs mc_probs; predict with mc_samples > 0")
    voxel_map = mutual_information(prediction.mc_probs)
    components = _band_components("bald", voxel_map, prediction, context.band_width)
    mean_probs = prediction.mc_probs.mean(axis=0)
    components["predictive_entropy"] = aggregate_band(entropy(mean_probs), prediction.mask, context.band_width)[0]
    return ScoreResult(components["bald"], components, voxel_map)
