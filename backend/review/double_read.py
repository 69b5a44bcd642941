"""Which read cases a second, independent reader reads too (issue 17, item 2), decided when the first read arrives.

A project sends ``double_read_fraction`` of its cases to a second reader, paid from the same budget, and chooses by
``double_read_rule``:

- ``random``: a fixed draw per case (a keyed hash of project and patient), so the same case is always chosen or not;
- ``uncertainty``: the cases the round that selected them ranked in the top fraction of its selection;
- ``disagreement``: the first reads that agree least with the model's prediction (Dice over all labels'
  foreground), ranked against the project's earlier first reads: a read is read again when its Dice is in the lowest
  fraction of them. Until ``MIN_HISTORY`` earlier reads exist there is nothing to rank against and the random draw
  decides.

A second read is only asked for while the budget left after the first read's debit still covers it; otherwise the
case goes straight to review.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import CaseReview, Patient, Project, Round, Score
from backend.models.project import DoubleReadRule
from backend.storage import blobs, nifti_io

MIN_HISTORY = 8


@dataclass(frozen=True)
class Decision:
    second_read: bool
    # The rule that decided (``random`` stands in for ``disagreement`` without enough history), or "budget" when
    # the budget could not pay a second read, "off" when the project reads once.
    rule: str
    model_dice: float | None


def foreground_dice(a: np.ndarray, b: np.ndarray) -> float | None:
    """Dice of the two masks' foreground (any label); None when both are empty."""
    fa, fb = a > 0, b > 0
    total = int(fa.sum()) + int(fb.sum())
    if total == 0:
        return None
    return 2.0 * int(np.logical_and(fa, fb).sum()) / total


def draw(project_id: uuid.UUID, patient_id: uuid.UUID) -> float:
    """The case's fixed pseudo-random number in [0, 1)."""
    digest = hashlib.sha256(f"double-read:{project_id}:{patient_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def model_dice(session: Session, patient_id: uuid.UUID, read: np.ndarray) -> float | None:
    """The first read against the latest prediction of the patient, if there is one."""
    from backend.patient import service as patient_service

    prediction = patient_service.latest_prediction(session, patient_id)
    if prediction is None:
        return None
    predicted, _ = nifti_io.load_array(blobs.read_bytes(prediction.mask_key))
    predicted = np.asarray(predicted)
    if predicted.shape != read.shape:
        return None
    return foreground_dice(read, predicted)


def _uncertainty_rank_share(session: Session, patient_id: uuid.UUID) -> float | None:
    """Where the case stands in the selection of the latest round that selected it: 1/n for the first of n."""
    row = session.execute(
        select(Score.round_id, Score.rank)
        .join(Round, Round.id == Score.round_id)
        .where(Score.patient_id == patient_id, Score.selected)
        .order_by(Round.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    round_id, rank = row
    selected = select(func.count()).select_from(Score).where(Score.round_id == round_id, Score.selected)
    n = session.scalar(selected) or 0
    position = session.scalar(selected.where(Score.rank <= rank)) or 0
    return position / n if n else None


def _disagreement_history(session: Session, project_id: uuid.UUID) -> list[float]:
    values = session.scalars(
        select(CaseReview.model_dice).where(CaseReview.project_id == project_id, CaseReview.model_dice.is_not(None))
    )
    return [float(v) for v in values if v is not None]


def decide(session: Session, project: Project, patient: Patient, read: np.ndarray) -> Decision:
    """Whether the case's first read (``read``, the label map) calls for a second reader."""
    fraction = project.double_read_fraction
    measured = model_dice(session, patient.id, read) if fraction > 0 else None
    if fraction <= 0:
        return Decision(False, "off", measured)
    cost = budget_service.patient_cost_cents(session, project, patient)
    # The first read's debit is still to come in this transaction: both reads must fit what is left.
    if budget_service.remaining_cents(project) < 2 * cost:
        return Decision(False, "budget", measured)
    rule = DoubleReadRule(project.double_read_rule)
    if rule == DoubleReadRule.uncertainty:
        share = _uncertainty_rank_share(session, patient.id)
        if share is not None:
            return Decision(share <= fraction, str(rule), measured)
    if rule == DoubleReadRule.disagreement and measured is not None:
        history = _disagreement_history(session, project.id)
        if len(history) >= MIN_HISTORY:
            # Read again when this read is among the fraction that agree least with the model.
            ranked = sorted([*history, measured])
            cut = ranked[max(0, math.ceil(fraction * len(ranked)) - 1)]
            return Decision(measured <= cut, str(rule), measured)
    return Decision(draw(project.id, patient.id) < fraction, str(DoubleReadRule.random), measured)
