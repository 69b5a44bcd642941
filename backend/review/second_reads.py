"""The second reads a reader is offered: double-read cases waiting for an independent reader (issue 17, item 2).

Offered to every annotator of the project but the first reader, oldest first, ahead of the round's suggestions
(they complete a case someone has already paid a read for); each is priced like a first read and offered only
while the budget covers it. Nothing about the first read travels with the offer: the second reader reads blind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import CaseReview, Patient, Project, Round, Score, User
from backend.models.review import ReviewStatus
from backend.project import quotas
from backend.reservation import service as reservation_service


@dataclass(frozen=True)
class SecondRead:
    review: CaseReview
    patient: Patient
    # The score of the round that selected the case (its rank and components explain the pick, as in the queue).
    score: Score
    round: Round
    cost_cents: int
    predicted_minutes: float | None
    reserved_until: datetime | None


def offered(session: Session, project: Project, user: User, *, limit: int) -> list[SecondRead]:
    """At most ``limit`` second reads ``user`` may take in ``project`` now, oldest first."""
    quota = quotas.quota_left(session, project.id, user)
    if quota == 0:
        return []
    rows = session.execute(
        select(CaseReview, Patient)
        .join(Patient, Patient.id == CaseReview.patient_id)
        .where(
            CaseReview.project_id == project.id,
            CaseReview.status == str(ReviewStatus.second_read),
            CaseReview.second_reader_id.is_(None),
            CaseReview.first_reader_id != user.id,
        )
        .order_by(CaseReview.updated_at, CaseReview.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    ids = [patient.id for _, patient in rows]
    taken = reservation_service.reserved_by_others(session, ids, user)
    mine = reservation_service.mine(session, ids, user)
    prices = budget_service.patient_prices(session, project, ids)
    selected = _selecting_scores(session, ids)
    left = budget_service.remaining_cents(project)
    result: list[SecondRead] = []
    for review, patient in rows:
        cost = prices[patient.id].cost_cents
        found = selected.get(patient.id)
        if patient.id in taken or found is None or cost > left:
            continue
        left -= cost
        result.append(
            SecondRead(
                review, patient, found[0], found[1], cost, prices[patient.id].predicted_minutes, mine.get(patient.id)
            )
        )
        if quota is not None and len(result) >= quota:
            break
    return result


def _selecting_scores(session: Session, patient_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Score, Round]]:
    """Each patient's score in the latest round that selected it."""
    rows = session.execute(
        select(Score, Round)
        .join(Round, Round.id == Score.round_id)
        .where(Score.patient_id.in_(patient_ids), Score.selected)
        .order_by(Round.number)
    ).all()
    return {score.patient_id: (score, round_) for score, round_ in rows}  # the latest round last: it wins
