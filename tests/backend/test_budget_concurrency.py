"""Concurrent first submissions at the budget boundary: exactly the budget is spent, the rest get 409."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sqlalchemy import func, select, update

from backend.core.errors import BudgetExceeded
from backend.db.session import session_scope
from backend.models import LedgerEntry, Patient, Project
from backend.user import service as user_service
from tests.backend.helpers import nifti_bytes, publish_round


def _submit(patient_id: uuid.UUID) -> str:
    from backend.annotation import service as annotation_service

    try:
        with session_scope() as session:
            patient = session.get(Patient, patient_id)
            assert patient is not None
            project = session.get(Project, patient.project_id)
            author = user_service.get_by_username(session, "radiologist")
            assert project is not None and author is not None
            shape = annotation_service.patient_service.primary_volume(session, patient).shape
            annotation_service.submit(
                session,
                patient=patient,
                project=project,
                author=author,
                payload=nifti_bytes(np.zeros(shape, dtype=np.uint8)),
                time_spent_s=1.0,
                base_version=None,
            )
        return "accepted"
    except BudgetExceeded:
        return "refused"


class TestConcurrentDebits:
    def test_exactly_the_budget_is_spent(self, demo: dict[str, str]) -> None:
        project_id = uuid.UUID(demo["project_id"])
        with session_scope() as session:
            # Offer every unlabelled pool patient in a published round, and leave room for exactly 3 of them.
            session.execute(update(Project).values(budget_total_cents=300, budget_spent_cents=0))
            patient_ids = list(
                session.scalars(
                    select(Patient.id).where(
                        Patient.project_id == project_id, Patient.split == "pool", Patient.status == "unlabeled"
                    )
                )
            )
        assert len(patient_ids) > 3
        publish_round(demo["project_id"], [str(p) for p in patient_ids])
        with ThreadPoolExecutor(max_workers=len(patient_ids)) as pool:
            outcomes = list(pool.map(_submit, patient_ids))
        assert outcomes.count("accepted") == 3
        assert outcomes.count("refused") == len(patient_ids) - 3
        with session_scope() as session:
            project = session.get(Project, project_id)
            assert project is not None and project.budget_spent_cents == 300
            debits = session.scalar(select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.kind == "annotation"))
            assert debits == -300
            charged = session.scalar(
                select(func.count())
                .select_from(Patient)
                .where(Patient.id.in_(patient_ids), Patient.status == "annotated")
            )
            assert charged == 3
