"""Why a round chose a case, said in words for the radiologist and the lead, with the numbers behind it.

The worker stores each score's components under the names its scoring functions use (``worker.ml.scoring``:
``entropy``, ``entropy_whole_volume``, ``foreground_voxels``, ``band_voxels``, ``empty_prediction``,
``distance_to_labelled``…). Those names are for debugging; a reader wants "the model is unsure about the 2.4 ml it
predicts". Voxel counts become millilitres with the image's voxel size, so the sentence means the same on a
coarse and a fine scan.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Patient, Volume
from backend.strategy.schemas import Strategy


class ReasonKind(StrEnum):
    """The kind of reason, so a client can style or filter it without parsing the sentence."""

    uncertain = "uncertain"  # the model is unsure about part of the structure it predicts
    no_prediction = "no_prediction"  # the model predicts nothing in this image
    unlike_annotated = "unlike_annotated"  # core-set: far from every annotated case
    uncertain_and_unlike = "uncertain_and_unlike"  # hybrid: among the most uncertain, and the most unlike
    random = "random"  # the random baseline
    score = "score"  # a score this module has no words for (an older round's components)


class ReasonFigure(BaseModel):
    """One number behind the reason: the component's stored name, what it means, its value and how to read it."""

    name: str
    label: str
    value: float
    text: str


class SelectionReason(BaseModel):
    kind: ReasonKind
    summary: str
    figures: list[ReasonFigure]


# What each band-aggregated strategy's voxel map measures (its component prefix and the words for it).
_MEASURES: dict[str, tuple[str, str]] = {
    Strategy.entropy: ("entropy", "predictive entropy"),
    Strategy.hybrid: ("entropy", "predictive entropy"),
    Strategy.mc_dropout: ("bald", "disagreement of dropout samples (BALD)"),
    Strategy.acft: ("acft", "entropy and disagreement of flipped and rotated views (ACFT)"),
    Strategy.unetpp_heads: ("heads_js", "disagreement of the network's output heads"),
}

_LABELS: dict[str, str] = {
    "foreground_voxels": "Predicted structure",
    "band_voxels": "Region scored: the structure, its border and near-misses",
    "empty_prediction": "The model predicts nothing (1 = yes)",
    "top_quantile_fallback": "Scored on the most doubtful 1% of voxels instead (1 = yes)",
    "distance_to_labelled": "Distance to the nearest annotated case (model features)",
    "labelled": "Annotated cases compared with",
    "entropy": "Mean predictive entropy over the region scored",
    "predictive_entropy": "Mean predictive entropy over the region scored",
    "acft_entropy": "Mean entropy of the views over the region scored",
    "acft_diversity": "Mean disagreement of the views over the region scored",
    "heads": "Output heads compared",
    "views": "Views predicted",
    "views_kept": "Views kept per voxel",
    "random": "Random draw",
}

_VOLUME_COMPONENTS = frozenset({"foreground_voxels", "band_voxels"})


def voxel_ml(spacing: Sequence[float] | None) -> float | None:
    """Millilitres of one voxel from its spacing in mm (None when the spacing is unknown or not 3D)."""
    if spacing is None or len(spacing) < 3:
        return None
    size = math.prod(float(s) for s in spacing[:3])
    return size / 1000 if size > 0 and math.isfinite(size) else None


def voxel_ml_of(session: Session, patient_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, float | None]:
    """The voxel size in ml of each patient's primary volume (one query)."""
    if not patient_ids:
        return {}
    rows = session.execute(
        select(Patient.id, Volume.spacing)
        .join(Volume, Volume.id == Patient.primary_volume_id)
        .where(Patient.id.in_(list(patient_ids)))
    )
    found = {patient_id: voxel_ml(spacing) for patient_id, spacing in rows}
    return {patient_id: found.get(patient_id) for patient_id in patient_ids}


def format_ml(voxels: float, ml_per_voxel: float | None) -> str:
    """ "2.4 ml" (one decimal below 100 ml, none above); the voxel count when the voxel size is unknown."""
    if ml_per_voxel is None:
        return f"{round(voxels)} voxels"
    ml = voxels * ml_per_voxel
    if ml >= 100:
        return f"{ml:.0f} ml"
    return f"{ml:.1f} ml" if ml >= 0.05 or ml == 0 else "<0.1 ml"


def _figure(name: str, value: float, ml_per_voxel: float | None, measure: tuple[str, str] | None) -> ReasonFigure:
    label = _LABELS.get(name, name.replace("_", " "))
    if measure is not None and name == measure[0]:
        label = f"Mean {measure[1]} over the region scored"
    elif measure is not None and name == f"{measure[0]}_whole_volume":
        label = f"Mean {measure[1]} over the whole image"
    if name in _VOLUME_COMPONENTS:
        text = f"{format_ml(value, ml_per_voxel)} ({round(value)} voxels)" if ml_per_voxel else format_ml(value, None)
    elif float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.3f}"
    return ReasonFigure(name=name, label=label, value=value, text=text)


def _uncertain_summary(components: dict[str, float], ml_per_voxel: float | None) -> tuple[ReasonKind, str]:
    region = format_ml(components.get("band_voxels", 0.0), ml_per_voxel)
    if components.get("empty_prediction", 0.0) >= 0.5:
        if components.get("top_quantile_fallback", 0.0) >= 0.5:
            return ReasonKind.no_prediction, "The model predicts nothing here; its most doubtful voxels set the score"
        summary = f"The model predicts nothing here, but is unsure about {region} where it nearly did"
        return ReasonKind.no_prediction, summary
    # The region is the predicted structure plus a border and the voxels the model nearly called structure: an early
    # model's region can be most of the image, so the sentence tells the two apart instead of one large number.
    structure = components.get("foreground_voxels", 0.0)
    around = format_ml(max(0.0, components.get("band_voxels", 0.0) - structure), ml_per_voxel)
    return (
        ReasonKind.uncertain,
        f"The model is unsure about the {format_ml(structure, ml_per_voxel)} it predicts and {around} around it",
    )


def explain(strategy: str, components: dict[str, float], ml_per_voxel: float | None) -> SelectionReason:
    """The reason a case with these score components was chosen by ``strategy``, in words and figures."""
    measure = _MEASURES.get(strategy)
    figures = [_figure(name, value, ml_per_voxel, measure) for name, value in components.items()]
    has_band = "band_voxels" in components
    if strategy == Strategy.random:
        kind, summary = ReasonKind.random, "Drawn at random (the random baseline strategy)"
    elif strategy == Strategy.coreset and "distance_to_labelled" in components:
        kind, summary = ReasonKind.unlike_annotated, "Unlike the cases already annotated"
    elif strategy == Strategy.hybrid and has_band:
        kind, summary = _uncertain_summary(components, ml_per_voxel)
        summary += ", and unlike the cases already annotated"
        kind = ReasonKind.uncertain_and_unlike if kind is ReasonKind.uncertain else kind
    elif measure is not None and has_band:
        kind, summary = _uncertain_summary(components, ml_per_voxel)
    else:
        kind, summary = ReasonKind.score, f"Ranked by its {strategy} score"
    return SelectionReason(kind=kind, summary=summary, figures=figures)
