"""A project as the API returns it: settings, budget, patient counts and the running round."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import Project
from backend.project.counts import project_counts
from backend.project.labels import label_defs
from backend.project.schemas import ProjectRead, from_cents
from backend.round import service as round_service


def to_read(session: Session, project: Project) -> ProjectRead:
    active = round_service.active_round(session, project.id)
    return ProjectRead(
        id=project.id,
        name=project.name,
        modality=project.modality,
        labels=label_defs(project),
        currency=project.currency,
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
        review_required=project.review_required,
        double_read_fraction=project.double_read_fraction,
        double_read_rule=project.double_read_rule,
        consensus_method=project.consensus_method,
        counts=project_counts(session, project.id),
        active_round=round_service.to_read(session, active) if active is not None else None,
    )
