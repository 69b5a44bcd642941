"""Budget debits and credits, and what a patient costs.

A debit is one conditional UPDATE, so concurrent submissions cannot overspend. A patient's cost is computed here
and only here (:func:`cost_for_slices`), so the debit, the queue's budget cap, round selection and the ledger can
never disagree about what a case costs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core.errors import BudgetExceeded, Conflict
from backend.models import LedgerEntry, Patient, Project, Volume

FLAT, VOLUME = "flat", "volume"
NOT_COVERED = "The remaining budget does not cover this patient; ask the project lead to raise it"
COST_MODES = (FLAT, VOLUME)
_CHUNK = 500
# Each failed compare-and-set means another change committed meanwhile; this many in a row is not contention.
_CAS_ATTEMPTS = 50


def remaining_cents(project: Project) -> int:
    return project.budget_total_cents - project.budget_spent_cents


def slice_count(shape: Sequence[int] | None) -> int:
    """Slices a reader pages through: the last axis of the volume; a 2D image, stored as (X, Y, 1), has one.

    A patient without an image volume has none (it cannot be annotated, so only the base cost could apply).
    """
    if not shape:
        return 0
    return int(shape[-1]) if len(shape) >= 3 else 1


def cost_for_slices(project: Project, n_slices: int) -> int:
    """The one cost formula: flat, or the base plus a price per slice (reading effort grows with the slices)."""
    if project.cost_mode == VOLUME:
        return project.cost_per_patient_cents + project.cost_per_slice_cents * n_slices
    return project.cost_per_patient_cents


def cost_for_shape(project: Project, shape: Sequence[int] | None) -> int:
    return cost_for_slices(project, slice_count(shape))


def patient_costs_cents(session: Session, project: Project, patient_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Cost of each patient in cents, in one query (the queue and round selection price many patients at once)."""
    ids = list(patient_ids)
    if not ids:
        return {}
    if project.cost_mode != VOLUME:
        return dict.fromkeys(ids, project.cost_per_patient_cents)
    shapes: dict[uuid.UUID, list[int] | None] = {}
    # Chunked: SQLite caps the number of bound parameters of one statement.
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(Patient.id, Volume.shape)
            .outerjoin(Volume, Volume.id == Patient.primary_volume_id)
            .where(Patient.id.in_(ids[start : start + _CHUNK]))
        ).all()
        shapes.update((patient_id, shape) for patient_id, shape in rows)
    return {patient_id: cost_for_shape(project, shapes.get(patient_id)) for patient_id in ids}


def patient_cost_cents(session: Session, project: Project, patient: Patient) -> int:
    """What annotating ``patient`` costs now, in cents."""
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
        raise BudgetExceeded(NOT_COVERED)
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
        result = session.execute(
            update(Project)
            .where(
                Project.id == project.id,
                Project.budget_total_cents == old_total,
                Project.budget_spent_cents <= total_cents,
            )
            .values(budget_total_cents=total_cents)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
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
