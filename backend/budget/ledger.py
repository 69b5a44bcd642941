"""The ledger statement: every debit and credit of a project, with running totals and a burn-down series.

Entries are written by :mod:`backend.budget.service` (debits and total changes); this module only reads them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.models import LedgerEntry, Patient, Project, User
from backend.project.schemas import BurnPoint, LedgerEntryRead, LedgerRead, from_cents


def statement(session: Session, project: Project) -> LedgerRead:
    """Every debit and credit, oldest first, with running totals; ``balanced`` checks them against the project."""
    rows = session.execute(
        select(LedgerEntry, User.username, Patient.external_id)
        .outerjoin(User, User.id == LedgerEntry.user_id)
        .outerjoin(Patient, Patient.id == LedgerEntry.patient_id)
        .where(LedgerEntry.project_id == project.id)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)
    ).all()
    total = spent = credits = debits = 0
    entries: list[LedgerEntryRead] = []
    burn: list[BurnPoint] = []
    for entry, username, external_id in rows:
        if entry.kind == "budget_change":
            total += entry.amount_cents
        else:
            spent -= entry.amount_cents
        if entry.amount_cents >= 0:
            credits += entry.amount_cents
        else:
            debits += entry.amount_cents
        entries.append(
            LedgerEntryRead(
                id=entry.id,
                created_at=entry.created_at,
                kind=entry.kind,
                amount=from_cents(entry.amount_cents),
                reason=entry.reason,
                user=username,
                patient=external_id,
                total_after=from_cents(total),
                spent_after=from_cents(spent),
                remaining_after=from_cents(total - spent),
            )
        )
        burn.append(
            BurnPoint(
                at=entry.created_at,
                total=from_cents(total),
                spent=from_cents(spent),
                remaining=from_cents(total - spent),
            )
        )
    balanced = total == project.budget_total_cents and spent == project.budget_spent_cents
    return LedgerRead(
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        credits=from_cents(credits),
        debits=from_cents(debits),
        balanced=balanced,
        entries=entries,
        burn_down=burn,
    )
