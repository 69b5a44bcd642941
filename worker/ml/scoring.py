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
from worker.ml.uncertainty import (
    acft_uncertainty,
    aggregate_over,
    aggregation_region,
    entropy,
    mutual_information,
    views_kept,
)

__all__ = ["STRATEGIES", "ScoreContext", "ScoreResult", "Strategy", "get_strategy", "register", "score"]

_DEEP_HEADS = slice(1, None)  # X^{0,2}..X^{0,4}: unetpp_heads leaves the shallow X^{0,1} out (see heads_score)


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
        band_width: dilation of the aggregation region, in voxels.
        band_threshold: foreground probability above which a voxel joins the aggregation region even when
            the argmax calls it background (see :func:`worker.ml.uncertainty.aggregation_region`).
        seed: round seed.
        labelled_features: float32 ``(L, F)`` bottleneck embeddings of the labelled patients (``coreset``,
            ``hybrid``); ``None`` or zero rows when nothing is labelled yet.
        acft_alpha: ACFT majority-selection fraction.
        acft_weights: ACFT ``(lambda1, lambda2)`` for entropy and diversity.
        acft_clamp: ACFT probability clamp.
    """

    sample_id: str
    band_width: int = 3
    seed: int = 0
    labelled_features: np.ndarray | None = None
    acft_alpha: float = 0.25
    acft_weights: tuple[float, float] = (1.0, 1.0)
    acft_clamp: float = 1e-4
    band_threshold: float = 0.1


ScoreFn = Callable[[Prediction, ScoreContext], ScoreResult]


@dataclass(frozen=True)
class Strategy:
    """A named scoring function and what it needs.

    Attributes:
        needs_mc: inference must add MC-dropout samples.
        needs_heads: inference must keep the per-head probabilities.
        needs_views: inference must add the ACFT flip/rotation views.
        needs_labelled_features: the context must carry the labelled patients' embeddings.
        selection: how a batch is picked from the scores (see :func:`worker.ml.selection.select_batch`):
            ``"rank"`` (ACFT randomised pick from the top omega*b), ``"kcenter"`` (k-center greedy on the
            embeddings over the whole pool) or ``"hybrid"`` (k-center greedy within the top omega*b).
    """

    name: str
    fn: ScoreFn
    description: str
    needs_mc: bool = False
    needs_heads: bool = False
    needs_views: bool = False
    needs_labelled_features: bool = False
    selection: str = "rank"


STRATEGIES: dict[str, Strategy] = {}


def register(
    name: str,
    description: str,
    needs_mc: bool = False,
    needs_heads: bool = False,
    *,
    needs_views: bool = False,
    needs_labelled_features: bool = False,
    selection: str = "rank",
) -> Callable[[ScoreFn], ScoreFn]:
    """Decorator adding a scoring function to :data:`STRATEGIES` under ``name``."""
    if selection not in ("rank", "kcenter", "hybrid"):
        raise ValueError(f"unknown selection {selection!r}")

    def wrap(fn: ScoreFn) -> ScoreFn:
        if name in STRATEGIES:
            raise ValueError(f"strategy {name!r} registered twice")
        STRATEGIES[name] = Strategy(
            name, fn, description, needs_mc, needs_heads, needs_views, needs_labelled_features, selection
        )
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


def _region(prediction: Prediction, context: ScoreContext, probs: np.ndarray) -> np.ndarray:
    """The patient's aggregation region, from ``probs``: the probabilities the strategy's map comes from."""
    return aggregation_region(prediction.mask, context.band_width, probs, context.band_threshold)


def _band_components(
    prefix: str, voxel_map: np.ndarray, prediction: Prediction, region: np.ndarray
) -> dict[str, float]:
    value, voxels, fallback = aggregate_over(voxel_map, region)
    return {
        prefix: value,
        f"{prefix}_whole_volume": float(voxel_map.mean()),
        "foreground_voxels": float(np.count_nonzero(prediction.mask)),
        "band_voxels": float(voxels),
        # The model predicts no structure: the score then comes from its doubtful voxels (or top 1%).
        "empty_prediction": float(not np.any(prediction.mask)),
        "top_quantile_fallback": float(fallback),
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
    components = _band_components("entropy", voxel_map, prediction, _region(prediction, context, probs))
    return ScoreResult(components["entropy"], components, voxel_map)


@register(
    "unetpp_heads",
    "Disagreement of the three deeper UNet++ deep-supervision heads (Jensen-Shannon), one forward pass.",
    needs_heads=True,
)
def heads_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Generalised JS divergence of the heads X^{0,2}, X^{0,3}, X^{0,4} (= mean KL of each to their mean),
    band-aggregated.

    The shallowest head X^{0,1} is left out: it sits on one encoder level, with the smallest receptive field
    and no deep context, so it is systematically worse than the others on every patient, and its error
    dominated the divergence. The score then ranked patients by how badly the shallow head does (texture,
    contrast), not by where the segmenter itself is unsure. The three deeper heads share enough context that
    their disagreement is about the patient.
    """
    if prediction.head_probs is None:
        raise ValueError("unetpp_heads needs head_probs; predict with return_heads=True")
    deep = prediction.head_probs[_DEEP_HEADS]
    voxel_map = mutual_information(deep)
    region = _region(prediction, context, deep.mean(axis=0))
    components = _band_components("heads_js", voxel_map, prediction, region)
    components["entropy"] = aggregate_over(entropy(prediction.probs), region)[0]
    components["heads"] = float(len(deep))
    return ScoreResult(components["heads_js"], components, voxel_map)


@register("mc_dropout", "BALD mutual information over MC-dropout samples (Gal et al. 2017).", needs_mc=True)
def bald_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """BALD ``H(mean_t p_t) - mean_t H(p_t)`` over MC-dropout samples, band-aggregated."""
    if prediction.mc_probs is None:
        raise ValueError("mc_dropout needs mc_probs; predict with mc_samples > 0")
    voxel_map = mutual_information(prediction.mc_probs)
    mean_probs = prediction.mc_probs.mean(axis=0)
    region = _region(prediction, context, mean_probs)
    components = _band_components("bald", voxel_map, prediction, region)
    components["predictive_entropy"] = aggregate_over(entropy(mean_probs), region)[0]
    return ScoreResult(components["bald"], components, voxel_map)


@register(
    "acft",
    "ACFT: entropy + diversity (Jeffreys) of flipped/rotated views, majority selection alpha = 1/4.",
    needs_views=True,
)
def acft_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """ACFT (Zhou et al., CVPR 2017 / MedIA 2021) adapted to segmentation, journal form, band-aggregated.

    The ``m`` augmented views are in-plane flips and quarter turns predicted and mapped back to the grid; per
    voxel the ``alpha * m`` views most supporting the majority class are kept, probabilities are clamped,
    and the voxel map is ``lambda1 * mean entropy + lambda2 * sum of pairwise Jeffreys divergences``.
    """
    if prediction.view_probs is None:
        raise ValueError("acft needs view_probs; predict with views > 0")
    ent, div = acft_uncertainty(prediction.view_probs, context.acft_alpha, context.acft_clamp, "journal")
    lambda1, lambda2 = context.acft_weights
    voxel_map = (lambda1 * ent + lambda2 * div).astype(np.float32)
    region = _region(prediction, context, prediction.view_probs.mean(axis=0))
    components = _band_components("acft", voxel_map, prediction, region)
    components["acft_entropy"] = aggregate_over(ent, region)[0]
    components["acft_diversity"] = aggregate_over(div, region)[0]
    components["views"] = float(prediction.view_probs.shape[0])
    components["views_kept"] = float(views_kept(prediction.view_probs.shape[0], context.acft_alpha))
    return ScoreResult(components["acft"], components, voxel_map)


def distance_to_labelled(features: np.ndarray, labelled: np.ndarray | None) -> float:
    """Euclidean distance from one embedding ``(F,)`` to its nearest labelled embedding ``(L, F)``; 0 if none."""
    if labelled is None or len(labelled) == 0:
        return 0.0
    diffs = np.asarray(labelled, dtype=np.float64) - np.asarray(features, dtype=np.float64)[None]
    return float(np.sqrt((diffs**2).sum(axis=1)).min())


@register(
    "coreset",
    "Core-set: k-center greedy on pooled bottleneck features (score = distance to the labelled set).",
    needs_labelled_features=True,
    selection="kcenter",
)
def coreset_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Core-set (Sener & Savarese, arXiv 1708.00489). A batch method: the batch itself is chosen by k-center
    greedy in :func:`worker.ml.selection.select_batch`; the per-patient score, the distance of the patient's
    embedding to the nearest labelled one, is what a rank-only selector sees (greedy's first pick)."""
    value = distance_to_labelled(prediction.features, context.labelled_features)
    labelled = 0 if context.labelled_features is None else len(context.labelled_features)
    voxel_map = entropy(prediction.probs, axis=0)  # the overlay: where the model is unsure
    return ScoreResult(value, {"distance_to_labelled": value, "labelled": float(labelled)}, voxel_map)


@register(
    "hybrid",
    "Hybrid: the top omega*b by predictive entropy, then k-center greedy on their features.",
    needs_labelled_features=True,
    selection="hybrid",
)
def hybrid_score(prediction: Prediction, context: ScoreContext) -> ScoreResult:
    """Uncertainty (band-aggregated predictive entropy) ranks; :func:`worker.ml.selection.select_batch` then
    runs k-center greedy inside the top ``omega * b`` (ACFT's "inter-diversity", Zhou et al. thesis ch. 3)."""
    voxel_map = entropy(prediction.probs, axis=0)
    components = _band_components("entropy", voxel_map, prediction, _region(prediction, context, prediction.probs))
    components["distance_to_labelled"] = distance_to_labelled(prediction.features, context.labelled_features)
    return ScoreResult(components["entropy"], components, voxel_map)
