"""The lead's change to a project's budget: how patients are priced and the total, validated and audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core.errors import BadInput
from backend.models import Project, User
from backend.models.project import Currency

CURRENCIES: frozenset[str] = frozenset(Currency)


def check_cost(cost_mode: str, cost_per_slice_cents: int, cost_per_hour_cents: int = 0) -> str:
    """Services are called by the CLI and the demo too, so the API schema's checks are repeated here."""
    if cost_mode not in budget_service.COST_MODES:
        raise BadInput(f"cost_mode must be one of {', '.join(budget_service.COST_MODES)}")
    if cost_per_slice_cents < 0:
        raise BadInput("cost_per_slice cannot be negative")
    if cost_per_hour_cents < 0:
        raise BadInput("cost_per_hour cannot be negative")
    return cost_mode


def check_currency(currency: str) -> str:
    """The CLI and the demo call the services too: the API schema's enum is repeated here."""
    if currency not in CURRENCIES:
        raise BadInput(f"currency must be an ISO 4217 code Radloop knows: {', '.join(sorted(CURRENCIES))}")
    return currency


def cost_details(project: Project) -> dict[str, Any]:
    """How a patient is priced, for the audit log."""
    return {
        "currency": project.currency,
        "cost_cents": project.cost_per_patient_cents,
        "cost_mode": project.cost_mode,
        "cost_per_slice_cents": project.cost_per_slice_cents,
        "cost_per_hour_cents": project.cost_per_hour_cents,
    }


def update_budget(
    session: Session,
    *,
    project: Project,
    user: User,
    cost_per_patient_cents: int | None,
    total_cents: int | None,
    cost_mode: str | None = None,
    cost_per_slice_cents: int | None = None,
    cost_per_hour_cents: int | None = None,
    currency: str | None = None,
) -> Project:
    """Change how patients are priced, the currency and/or the total; validated before anything changes, audited
    with all of them."""
    check_cost(cost_mode or project.cost_mode, cost_per_slice_cents or 0, cost_per_hour_cents or 0)
    if currency is not None:
        check_currency(currency)
    before = {**cost_details(project), "total": project.budget_total_cents}
    if currency is not None:
        project.currency = currency
    if cost_per_patient_cents is not None:
        project.cost_per_patient_cents = cost_per_patient_cents
    if cost_mode is not None:
        project.cost_mode = cost_mode
    if cost_per_slice_cents is not None:
        project.cost_per_slice_cents = cost_per_slice_cents
    if cost_per_hour_cents is not None:
        project.cost_per_hour_cents = cost_per_hour_cents
    if total_cents is not None:
        # The total it replaced, not the one read before: a concurrent change may have come in between.
        before["total"] = total_cents - budget_service.set_total(
            session, project=project, total_cents=total_cents, user_id=user.id
        )
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.budget.update",
        target_type="project",
        target_id=project.id,
        details={"before": before, "after": {**cost_details(project), "total": project.budget_total_cents}},
    )
    return project
