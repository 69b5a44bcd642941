"""A project as the API returns it: settings, budget, patient counts and the running round."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import Patient, Project, Score
from backend.models.patient import PatientStatus, Split
from backend.project.labels import label_defs
from backend.project.schemas import ProjectCounts, ProjectRead, from_cents
from backend.round import service as round_service


def counts(session: Session, project: Project) -> ProjectCounts:
    """Patients by split and status in one query; ``queued`` is the open round's selection not yet annotated."""
    rows = session.execute(
        select(Patient.split, Patient.status, func.count())
        .where(Patient.project_id == project.id)
        .group_by(Patient.split, Patient.status)
    ).all()
    total = sum(n for _, _, n in rows)
    validation = sum(n for split, _, n in rows if split == Split.validation)
    annotated = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.annotated)
    unlabeled = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.unlabeled)
    queued = 0
    current = round_service.open_round(session, project.id)
    if current is not None:
        queued = (
            session.scalar(
                select(func.count())
                .select_from(Score)
                .join(Patient, Patient.id == Score.patient_id)
                .where(Score.round_id == current.id, Score.selected, Patient.status == PatientStatus.unlabeled)
            )
            or 0
        )
    return ProjectCounts(patients=total, annotated=annotated, unlabeled=unlabeled, validation=validation, queued=queued)


def to_read(session: Session, project: Project) -> ProjectRead:
    active = round_service.active_round(session, project.id)
    return ProjectRead(
        id=project.id,
        name=project.name,
        modality=project.modality,
        labels=label_defs(project),
        cost_per_patient=from_cents(project.cost_per_patient_cents),
        cost_mode=project.cost_mode,
        cost_per_slice=from_cents(project.cost_per_slice_cents),
        cost_per_hour=from_cents(project.cost_per_hour_cents),
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        strategy=project.strategy,
        batch_size=project.batch_size,
        auto_publish=project.auto_publish,
        genesis_enabled=project.genesis_enabled,
        deidentify=project.deidentify,
        selection_objective=project.selection_objective,
        target_dice=project.target_dice,
        stop_gain_per_100=project.stop_gain_per_100,
        counts=counts(session, project),
        active_round=round_service.to_read(session, active) if active is not None else None,
    )
