"""Budget debits and credits. A debit is one conditional UPDATE, so concurrent submissions cannot overspend."""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.core.errors import BudgetExceeded, Conflict
from backend.models import LedgerEntry, Project


def remaining_cents(project: Project) -> int:
    return project.budget_total_cents - project.budget_spent_cents


def debit(
    session: Session,
    *,
    project_id: uuid.UUID,
    amount_cents: int,
    user_id: uuid.UUID | None,
    patient_id: uuid.UUID | None,
    annotation_id: uuid.UUID | None,
    reason: str,
) -> None:
    """Spend ``amount_cents`` in the caller's transaction, or raise BudgetExceeded and change nothing."""
    result = session.execute(
        update(Project)
        .where(
            Project.id == project_id,
            Project.budget_spent_cents + amount_cents <= Project.budget_total_cents,
        )
        .values(budget_spent_cents=Project.budget_spent_cents + amount_cents)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise BudgetExceeded("The remaining budget does not cover this patient; ask the project lead to raise it")
    session.add(
        LedgerEntry(
            project_id=project_id,
            amount_cents=-amount_cents,
            kind="annotation",
            reason=reason,
            user_id=user_id,
            patient_id=patient_id,
            annotation_id=annotation_id,
        )
    )
    session.flush()


def set_total(session: Session, *, project: Project, total_cents: int, user_id: uuid.UUID | None) -> None:
    """Change the total budget; it may not go below what is already spent."""
    delta = total_cents - project.budget_total_cents
    if delta == 0:
        return
    result = session.execute(
        update(Project)
        .where(Project.id == project.id, Project.budget_spent_cents <= total_cents)
        .values(budget_total_cents=total_cents)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("The total budget cannot be set below the amount already spent")
    session.add(
        LedgerEntry(
            project_id=project.id,
            amount_cents=delta,
            kind="budget_change",
            reason=f"total budget set to {total_cents / 100:.2f}",
            user_id=user_id,
        )
    )
    session.flush()
    session.refresh(project)
