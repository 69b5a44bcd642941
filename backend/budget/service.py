"""Budget debits and credits, and what a patient costs.

A debit is one conditional UPDATE, so concurrent submissions cannot overspend. A patient's cost is computed here
and only here (:func:`patient_prices`, with :func:`cost_for_slices` and :func:`cost_for_minutes` its formulas), so
the debit, the queue's budget cap, round selection and the ledger can never disagree about what a case costs.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import Session

from backend.budget import reading_model
from backend.budget.reading_model import Scored
from backend.budget.reading_time import slice_count as slice_count
from backend.core import caches
from backend.core.errors import BudgetExceeded, Conflict
from backend.models import LedgerEntry, Patient, Project
from backend.models.project import CostMode

FLAT, VOLUME, READING_TIME = CostMode.flat, CostMode.volume, CostMode.reading_time
NOT_COVERED = "The remaining budget does not cover this patient; ask the project lead to raise it"
COST_MODES = tuple(CostMode)
# Each failed compare-and-set means another change committed meanwhile; this many in a row is not contention.
_CAS_ATTEMPTS = 50


# Prices already computed, per project (see _known_prices): every reader's queue poll prices the same selection, and
# pricing is half a queue read's time (shapes, score features, the reading-time model) at 100,000 patients.
# Kept as (cost, minutes) under the patient id's integer: ints, floats and their tuples are not tracked by the
# garbage collector, whose full passes over 50,000 UUID and Price objects per project paused every request.
_KnownPrices = dict[int, tuple[int, float | None]]
_price_cache: OrderedDict[uuid.UUID, tuple[tuple[Any, ...], reading_model.PricingModel, _KnownPrices]] = (
    caches.register(OrderedDict())
)
_prices_lock = threading.Lock()
_PRICED_PROJECTS = 64
_PRICES_PER_PROJECT = 50_000


@dataclass(frozen=True)
class Price:
    """What annotating a patient costs now, and the reading time the project's model predicts for it (None until
    the project has a reading-time model; shown whatever the cost mode)."""

    cost_cents: int
    predicted_minutes: float | None


def _execute_update(session: Session, statement: Update) -> CursorResult[Any]:
    """Run a compare-and-set UPDATE; the session returns a CursorResult (typed as a plain Result), whose rowcount
    says whether the condition held."""
    return cast("CursorResult[Any]", session.execute(statement))


def remaining_cents(project: Project) -> int:
    return project.budget_total_cents - project.budget_spent_cents


def cost_for_slices(project: Project, n_slices: int) -> int:
    """Flat, or the base plus a price per slice (reading effort grows with the slices).

    Pricing by reading time needs the project's model and the case's scores: use :func:`patient_prices`.
    """
    if project.cost_mode == READING_TIME:
        raise ValueError("reading-time prices need the database: use patient_prices")
    if project.cost_mode == VOLUME:
        return project.cost_per_patient_cents + project.cost_per_slice_cents * n_slices
    return project.cost_per_patient_cents


def cost_for_shape(project: Project, shape: Sequence[int] | None) -> int:
    return cost_for_slices(project, slice_count(shape))


def cost_for_minutes(project: Project, minutes: float) -> int:
    """By predicted reading time: the base plus the hourly rate for the minutes (rounded to the cent)."""
    return project.cost_per_patient_cents + round(minutes / 60 * project.cost_per_hour_cents)


def patient_prices(
    session: Session, project: Project, patient_ids: Iterable[uuid.UUID], *, scored: Scored | None = None
) -> dict[uuid.UUID, Price]:
    """Each patient's price in one pass (the queue and round selection price many patients at once).

    ``scored``: the scores of a round being selected whose Score rows are not stored yet (the worker's selection),
    so it prices with the features the stored round will have. By reading time, a project without a model yet
    prices every case at the median of its timed cases, or reading_time.DEFAULT_MINUTES when none is timed.
    """
    ids = list(patient_ids)
    if not ids:
        return {}
    pricing = reading_model.pricing_model(session, project)
    if scored is not None:
        return _price(session, project, pricing, ids, scored)
    known = _known_prices(session, project, pricing)
    with _prices_lock:
        found = {patient_id: Price(*known[patient_id.int]) for patient_id in ids if patient_id.int in known}
    priced = _price(session, project, pricing, [patient_id for patient_id in ids if patient_id not in found], None)
    with _prices_lock:
        if len(known) + len(priced) > _PRICES_PER_PROJECT:
            known.clear()
        known.update((patient.int, (price.cost_cents, price.predicted_minutes)) for patient, price in priced.items())
    return {**found, **priced}


def _price(
    session: Session, project: Project, pricing: reading_model.PricingModel, ids: list[uuid.UUID], scored: Scored | None
) -> dict[uuid.UUID, Price]:
    if not ids:
        return {}
    needs_shapes = project.cost_mode == VOLUME or pricing.model is not None
    shapes = reading_model.shapes(session, ids) if needs_shapes else {}
    minutes = reading_model.predicted_minutes(session, pricing, ids, shapes, scored)
    prices = {}
    for patient_id in ids:
        predicted = minutes[patient_id]
        if project.cost_mode == READING_TIME:
            cost = cost_for_minutes(project, predicted if predicted is not None else pricing.fallback_minutes)
        else:
            cost = cost_for_shape(project, shapes.get(patient_id))
        prices[patient_id] = Price(cost_cents=cost, predicted_minutes=predicted)
    return prices


def _known_prices(session: Session, project: Project, pricing: reading_model.PricingModel) -> _KnownPrices:
    """The project's prices computed under this pricing model, these cost settings and this state of the scores a
    case's features are read from: a patient's price changes with nothing else (its image is fixed at import).
    Any of them changing starts an empty set."""
    key = (
        project.cost_mode,
        project.cost_per_patient_cents,
        project.cost_per_slice_cents,
        project.cost_per_hour_cents,
        reading_model.scores_version(session, project.id),
    )
    with _prices_lock:
        entry = _price_cache.get(project.id)
        if entry is None or entry[0] != key or entry[1] is not pricing:
            entry = (key, pricing, {})
            _price_cache[project.id] = entry
        _price_cache.move_to_end(project.id)
        while len(_price_cache) > _PRICED_PROJECTS:
            _price_cache.popitem(last=False)
        return entry[2]


def patient_costs_cents(
    session: Session, project: Project, patient_ids: Iterable[uuid.UUID], *, scored: Scored | None = None
) -> dict[uuid.UUID, int]:
    """Cost of each patient in cents (see :func:`patient_prices`)."""
    return {i: price.cost_cents for i, price in patient_prices(session, project, patient_ids, scored=scored).items()}


def patient_cost_cents(session: Session, project: Project, patient: Patient) -> int:
    """What annotating ``patient`` costs now, in cents: what the queue shows and the first submission debits."""
    return patient_costs_cents(session, project, [patient.id])[patient.id]


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
    """Spend ``amount_cents`` in the caller's transaction, or raise BudgetExceeded (the caller rolls back).

    The ledger row is written first and the conditional UPDATE of the project last: that UPDATE locks the project's
    row until the caller commits, so nothing else should run between it and the commit."""
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
    result = _execute_update(
        session,
        update(Project)
        .where(
            Project.id == project_id,
            Project.budget_spent_cents + amount_cents <= Project.budget_total_cents,
        )
        .values(budget_spent_cents=Project.budget_spent_cents + amount_cents),
    )
    if result.rowcount != 1:
        raise BudgetExceeded(NOT_COVERED)


def set_total(session: Session, *, project: Project, total_cents: int, user_id: uuid.UUID | None) -> int:
    """Change the total budget; it may not go below what is already spent. Returns the change booked.

    The ledger row's delta must be against the total this update replaced, not the one the caller read earlier:
    two leads changing the budget at once would otherwise both book their delta against the same old total and
    unbalance the ledger. So the update is a compare-and-set on the old total, retried with the fresh one when a
    concurrent change won (on SQLite and Postgres alike; no row lock held across statements).
    """
    for _ in range(_CAS_ATTEMPTS):
        current = session.execute(
            select(Project.budget_total_cents, Project.budget_spent_cents).where(Project.id == project.id)
        ).one()
        old_total, spent = int(current[0]), int(current[1])
        if total_cents == old_total:
            session.refresh(project)
            return 0
        if spent > total_cents:
            raise Conflict("The total budget cannot be set below the amount already spent")
        result = _execute_update(
            session,
            update(Project)
            .where(
                Project.id == project.id,
                Project.budget_total_cents == old_total,
                Project.budget_spent_cents <= total_cents,
            )
            .values(budget_total_cents=total_cents),
        )
        if result.rowcount == 1:
            break
    else:
        raise Conflict("The budget kept changing while this update was applied; reload and try again")
    delta = total_cents - old_total
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
    return delta
