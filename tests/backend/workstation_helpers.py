"""Fixtures' helpers for the workstation API tests: a ready round with a selection, a second radiologist."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD


def open_round_with_selection(project_id: str) -> list[str]:
    """A round in `ready` whose selection is every unlabelled pool patient, ranked by external id."""
    from backend.db.session import session_scope
    from backend.models import Patient, Project, Round, Score

    with session_scope() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        pool = list(
            session.scalars(
                select(Patient)
                .where(Patient.project_id == project.id, Patient.split == "pool", Patient.status == "unlabeled")
                .order_by(Patient.external_id)
            )
        )
        round_ = Round(
            id=uuid.uuid4(), project_id=project.id, number=1, status="ready", strategy="entropy", batch_size=4
        )
        session.add(round_)
        session.flush()
        for rank, patient in enumerate(pool, start=1):
            session.add(
                Score(
                    round_id=round_.id,
                    patient_id=patient.id,
                    value=1.0 / rank,
                    components={"entropy": 0.5 / rank, "voxels": 100 * rank},
                    rank=rank,
                    selected=True,
                    cost_cents=project.cost_per_patient_cents,
                )
            )
        return [str(p.id) for p in pool]


def add_radiologist(project_id: str, username: str = "radiologist2") -> None:
    from backend.db.session import session_scope
    from backend.models import Project
    from backend.models.user import Role
    from backend.project import members as project_members
    from backend.user import service as user_service

    with session_scope() as session:
        user = user_service.create(session, username=username, password=DEMO_PASSWORD, role=Role.radiologist)
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        project_members.add_member(session, project=project, user=user)
