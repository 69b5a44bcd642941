"""The radiologist's queue: the open round's selection, in rank order, as far as the budget reaches.

Each case is priced with the project's cost formula (flat or by volume size), the same one the debit uses.

Cases a colleague has reserved are hidden (they still use budget: someone is annotating them); cases set aside
for the lead (open skips) are hidden and use none.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import Patient, Score, User
from backend.models.patient import PatientStatus
from backend.project import service as project_service
from backend.project.schemas import from_cents
from backend.reservation import service as reservation_service
from backend.round import service as round_service
from backend.worklist.schemas import QueueItem


def queue_for(session: Session, user: User) -> list[QueueItem]:
    items: list[QueueItem] = []
    for project in project_service.list_for_user(session, user):
        current = round_service.open_round(session, project.id)
        if current is None:
            continue
        rows = session.execute(
            select(Score, Patient)
            .join(Patient, Patient.id == Score.patient_id)
            .where(Score.round_id == current.id, Score.selected, Patient.status == PatientStatus.unlabeled)
            .order_by(Score.rank)
        )
        pairs = list(rows)
        ids = [patient.id for _, patient in pairs]
        skipped = reservation_service.open_skips(session, ids)
        taken = reservation_service.reserved_by_others(session, ids, user)
        mine = reservation_service.mine(session, ids, user)
        costs = budget_service.patient_costs_cents(session, project, ids)
        left = budget_service.remaining_cents(project)
        # A reader with a quota sees no more suggestions than the quota still allows.
        quota = project_service.quota_left(session, project.id, user)
        offered = 0
        for score, patient in pairs:
            if patient.id in skipped:
                continue
            cost = costs[patient.id]
            if cost > left:
                continue  # costs vary by volume size: a smaller case further down may still fit
            left -= cost
            if patient.id in taken:
                continue
            if quota is not None and offered >= quota:
                break
            offered += 1
            items.append(
                QueueItem(
                    patient_id=patient.id,
                    external_id=patient.external_id,
                    project_id=project.id,
                    project_name=project.name,
                    round_id=current.id,
                    round_number=current.number,
                    rank=score.rank,
                    score=score.value,
                    components=score.components,
                    cost=from_cents(cost),
                    strategy=current.strategy,
                    reserved_by_me=patient.id in mine,
                    reserved_until=mine.get(patient.id),
                )
            )
    return items
