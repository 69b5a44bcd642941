"""The ledger statement: a page of a project's debits and credits, newest first, with running totals, and the whole
ledger's totals and burn-down series.

Entries are written by :mod:`backend.budget.service` (debits and total changes); this module only reads them. Nothing
here loads the whole ledger into Python: the totals and the burn-down are one aggregate query, downsampled in SQL to
at most :data:`BURN_DOWN_POINTS` points, and a page reads only its own rows (and, past the first page, a sum over
the newer ones).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.core import keyset
from backend.models import LedgerEntry, Patient, Project, User
from backend.project.schemas import BurnPoint, LedgerEntryRead, LedgerRead, from_cents

# What a page's cursor carries: the last entry's time and id (the id orders entries written in the same instant).
KEY: tuple[type, ...] = (datetime, uuid.UUID)
# The burn-down chart's resolution: one point per entry up to this many entries, then one per 1/N of them.
BURN_DOWN_POINTS = 500

_CHANGE = "budget_change"
# What each entry adds to the budget total, to the amount spent, to the credits and to the debits (cents).
_TOTAL: ColumnElement[int] = case((LedgerEntry.kind == _CHANGE, LedgerEntry.amount_cents), else_=0)
_SPENT: ColumnElement[int] = case((LedgerEntry.kind != _CHANGE, -LedgerEntry.amount_cents), else_=0)
_CREDIT: ColumnElement[int] = case((LedgerEntry.amount_cents >= 0, LedgerEntry.amount_cents), else_=0)
_DEBIT: ColumnElement[int] = case((LedgerEntry.amount_cents < 0, LedgerEntry.amount_cents), else_=0)


@dataclass(frozen=True)
class Statement:
    read: LedgerRead
    # The sort key of the page's last entry when another page follows, else None.
    next_key: tuple[datetime, uuid.UUID] | None


def statement(session: Session, project: Project, *, after: tuple[Any, ...] | None, limit: int) -> Statement:
    """At most ``limit`` entries after the key ``after``, newest first, each with the totals right after it; and the
    whole ledger's credits, debits and burn-down, with ``balanced`` checking its sums against the project."""
    burn, credits, debits = _burn_down(session, project.id)
    total = burn[-1].total_cents if burn else 0
    spent = burn[-1].spent_cents if burn else 0
    query = (
        select(LedgerEntry, User.username, Patient.external_id)
        .outerjoin(User, User.id == LedgerEntry.user_id)
        .outerjoin(Patient, Patient.id == LedgerEntry.patient_id)
        .where(LedgerEntry.project_id == project.id)
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        .limit(limit + 1)
    )
    if after is not None:
        query = query.where(keyset.after([LedgerEntry.created_at, LedgerEntry.id], after, descending=True))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    # The totals right after the page's newest entry: the ledger's, less what the newer entries (earlier pages) did.
    running_total, running_spent = total, spent
    if rows and after is not None:
        newest: LedgerEntry = rows[0][0]
        newer_total, newer_spent = session.execute(
            select(func.coalesce(func.sum(_TOTAL), 0), func.coalesce(func.sum(_SPENT), 0)).where(
                LedgerEntry.project_id == project.id,
                keyset.after([LedgerEntry.created_at, LedgerEntry.id], (newest.created_at, newest.id)),
            )
        ).one()
        running_total, running_spent = total - int(newer_total), spent - int(newer_spent)
    entries: list[LedgerEntryRead] = []
    for entry, username, external_id in rows:
        entries.append(
            LedgerEntryRead(
                id=entry.id,
                created_at=entry.created_at,
                kind=entry.kind,
                amount=from_cents(entry.amount_cents),
                reason=entry.reason,
                user=username,
                patient=external_id,
                total_after=from_cents(running_total),
                spent_after=from_cents(running_spent),
                remaining_after=from_cents(running_total - running_spent),
            )
        )
        # Walking back in time: undo this entry to get the totals right after the one before it.
        if entry.kind == _CHANGE:
            running_total -= entry.amount_cents
        else:
            running_spent += entry.amount_cents
    balanced = total == project.budget_total_cents and spent == project.budget_spent_cents
    read = LedgerRead(
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        credits=from_cents(credits),
        debits=from_cents(debits),
        balanced=balanced,
        entries=entries,
        burn_down=[point.read() for point in burn],
    )
    last: LedgerEntry | None = rows[-1][0] if rows else None
    return Statement(read=read, next_key=(last.created_at, last.id) if more and last is not None else None)


@dataclass(frozen=True)
class _Point:
    at: datetime
    total_cents: int
    spent_cents: int

    def read(self) -> BurnPoint:
        return BurnPoint(
            at=self.at,
            total=from_cents(self.total_cents),
            spent=from_cents(self.spent_cents),
            remaining=from_cents(self.total_cents - self.spent_cents),
        )


def _burn_down(session: Session, project_id: uuid.UUID) -> tuple[list[_Point], int, int]:
    """The totals after each of at most BURN_DOWN_POINTS equal runs of entries (oldest first; with fewer entries,
    after each entry), and the ledger's credits and debits: one pass over the project's entries, in the database."""
    entries = (
        select(
            LedgerEntry.created_at,
            _TOTAL.label("total"),
            _SPENT.label("spent"),
            _CREDIT.label("credit"),
            _DEBIT.label("debit"),
            func.ntile(BURN_DOWN_POINTS).over(order_by=(LedgerEntry.created_at, LedgerEntry.id)).label("bucket"),
        )
        .where(LedgerEntry.project_id == project_id)
        .subquery()
    )
    bucket_total = func.sum(entries.c.total)
    bucket_spent = func.sum(entries.c.spent)
    rows = session.execute(
        select(
            func.max(entries.c.created_at),
            func.sum(bucket_total).over(order_by=entries.c.bucket),
            func.sum(bucket_spent).over(order_by=entries.c.bucket),
            func.sum(entries.c.credit),
            func.sum(entries.c.debit),
        )
        .group_by(entries.c.bucket)
        .order_by(entries.c.bucket)
    ).all()
    points = [_Point(at=at, total_cents=int(total), spent_cents=int(spent)) for at, total, spent, *_ in rows]
    return points, sum(int(row[3]) for row in rows), sum(int(row[4]) for row in rows)
