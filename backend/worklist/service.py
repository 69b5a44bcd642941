"""The radiologist's queue: second reads waiting for them (a double-reading project's), then the open round's
selection, in rank order, as far as the budget reaches.

Each case is priced with the project's cost formula (flat, by volume size or by predicted reading time), the same one
the debit uses.

Cases a colleague has reserved are hidden (they still use budget: someone is annotating them); cases set aside
for the lead (open skips) are hidden and use none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import Patient, Project, Round, Score, User
from backend.models.patient import PatientStatus
from backend.project import access as project_access
from backend.project import quotas
from backend.project.schemas import from_cents
from backend.reservation import service as reservation_service
from backend.review import second_reads
from backend.round import service as round_service
from backend.strategy.reason import explain, voxel_ml_of
from backend.worklist.schemas import QueueItem


class Withheld(StrEnum):
    """Why a case the open round selected is not offered to the caller."""

    skipped = "skipped"
    budget = "budget"
    reserved = "reserved"
    quota = "quota"


@dataclass(frozen=True)
class Candidate:
    """One case of the open round's selection as the caller sees it: offered when ``withheld`` is None."""

    score: Score
    patient: Patient
    cost_cents: int
    predicted_minutes: float | None
    withheld: Withheld | None
    reserved_until: datetime | None


# Selected cases are read in rank order this many at a time: a reader's queue usually needs one such chunk.
_CHUNK = 256
# How many suggestions the queue lists per project: more than a reader works through between two polls, and the
# queue's cost no longer grows with the round's selection (issue 16).
QUEUE_LIMIT = 50
MAX_QUEUE_LIMIT = 1000


def candidates(
    session: Session,
    project: Project,
    current: Round,
    user: User,
    *,
    wanted: int | None = None,
    through_rank: int | None = None,
) -> list[Candidate]:
    """The round's still unlabelled selection in rank order, each offered or withheld from ``user`` and why.

    The one place that decides what a reader is offered: the queue lists the offered cases and the annotation
    rules (``backend.annotation.access``) refuse a first annotation of any other case.

    The selection is walked in chunks from an index in rank order, and the walk stops as soon as its answer is
    known: once ``wanted`` cases are offered, after ``through_rank``, or when nothing further can be offered (the
    remaining budget is below the cheapest possible case, or the reader's quota is used up). Whether a case is
    offered depends only on the cases ranked above it, so stopping early changes no answer.
    """
    left = budget_service.remaining_cents(project)
    cheapest = project.cost_per_patient_cents  # every cost formula adds to this base (slices, minutes ≥ 0)
    # A reader with a quota sees no more suggestions than the quota still allows.
    quota = quotas.quota_left(session, project.id, user)
    offered = 0
    result: list[Candidate] = []
    after = -1
    # The walk reads what it likely needs: the wanted cases and a margin for withheld ones (it reads on if short).
    size = _CHUNK if wanted is None else min(_CHUNK, max(32, wanted + wanted // 4))
    while True:
        if wanted is not None and offered >= wanted:
            break
        if through_rank is None and ((cheapest > 0 and left < cheapest) or (quota is not None and offered >= quota)):
            break
        query = (
            select(Score, Patient)
            .join(Patient, Patient.id == Score.patient_id)
            .where(
                Score.round_id == current.id,
                Score.selected,
                Score.rank > after,
                Patient.status == PatientStatus.unlabeled,
            )
            .order_by(Score.rank)
            .limit(size)
        )
        if through_rank is not None:
            query = query.where(Score.rank <= through_rank)
        pairs = [(score, patient) for score, patient in session.execute(query)]
        if not pairs:
            break
        after = pairs[-1][0].rank
        ids = [patient.id for _, patient in pairs]
        skipped = reservation_service.open_skips(session, ids)
        taken = reservation_service.reserved_by_others(session, ids, user)
        mine = reservation_service.mine(session, ids, user)
        prices = budget_service.patient_prices(session, project, ids)
        for score, patient in pairs:
            cost = prices[patient.id].cost_cents
            withheld: Withheld | None = None
            if patient.id in skipped:
                withheld = Withheld.skipped
            elif cost > left:
                withheld = Withheld.budget  # costs vary by volume size: a smaller case further down may still fit
            else:
                left -= cost  # a case a colleague is annotating still uses budget
                if patient.id in taken:
                    withheld = Withheld.reserved
                elif quota is not None and offered >= quota:
                    withheld = Withheld.quota
                else:
                    offered += 1
            minutes = prices[patient.id].predicted_minutes
            result.append(Candidate(score, patient, cost, minutes, withheld, mine.get(patient.id)))
            if wanted is not None and offered >= wanted:
                break
        if len(pairs) < size:
            break
    return result


def offer(session: Session, project: Project, patient_id: uuid.UUID, user: User) -> Candidate | None:
    """The case as the caller's queue sees it, or None when the project's published round did not select it
    (no round open for annotation, not selected, already labelled)."""
    current = round_service.open_round(session, project.id)
    if current is None:
        return None
    rank = session.scalar(
        select(Score.rank).where(Score.round_id == current.id, Score.patient_id == patient_id, Score.selected)
    )
    if rank is None:
        return None
    walked = candidates(session, project, current, user, through_rank=rank)
    return next((c for c in walked if c.patient.id == patient_id), None)


def queue_for(session: Session, user: User, *, limit: int = QUEUE_LIMIT) -> list[QueueItem]:
    """The first ``limit`` suggestions of each of the caller's projects with a published round."""
    items: list[QueueItem] = []
    for project in project_access.list_for_user(session, user):
        items.extend(_second_reads(session, project, user, limit=limit))
        current = round_service.open_round(session, project.id)
        if current is None:
            continue
        walked = candidates(session, project, current, user, wanted=limit)
        offered = [c for c in walked if c.withheld is None]
        sizes = voxel_ml_of(session, [c.patient.id for c in offered])
        for candidate in offered:
            items.append(
                QueueItem(
                    patient_id=candidate.patient.id,
                    external_id=candidate.patient.external_id,
                    project_id=project.id,
                    project_name=project.name,
                    round_id=current.id,
                    round_number=current.number,
                    rank=candidate.score.rank,
                    score=candidate.score.value,
                    components=candidate.score.components,
                    reason=explain(current.strategy, candidate.score.components, sizes[candidate.patient.id]),
                    cost=from_cents(candidate.cost_cents),
                    currency=project.currency,
                    predicted_minutes=candidate.predicted_minutes,
                    strategy=current.strategy,
                    reserved_by_me=candidate.reserved_until is not None,
                    reserved_until=candidate.reserved_until,
                )
            )
    return items


def _second_reads(session: Session, project: Project, user: User, *, limit: int) -> list[QueueItem]:
    offers = second_reads.offered(session, project, user, limit=limit)
    sizes = voxel_ml_of(session, [offer.patient.id for offer in offers])
    return [
        QueueItem(
            patient_id=offer.patient.id,
            external_id=offer.patient.external_id,
            project_id=project.id,
            project_name=project.name,
            round_id=offer.round.id,
            round_number=offer.round.number,
            rank=offer.score.rank,
            score=offer.score.value,
            components=offer.score.components,
            reason=explain(offer.round.strategy, offer.score.components, sizes[offer.patient.id]),
            cost=from_cents(offer.cost_cents),
            currency=project.currency,
            predicted_minutes=offer.predicted_minutes,
            strategy=offer.round.strategy,
            reserved_by_me=offer.reserved_until is not None,
            reserved_until=offer.reserved_until,
            second_read=True,
        )
        for offer in offers
    ]
