"""The round state machine, enforced in one place.

created → pretraining → training → scoring → selecting → ready → annotating → closed, plus failed / cancelled;
a failed or cancelled round may go back to created (retry). A project without auto-publish stops a finished
round in review instead of ready (selecting → review): the queue does not serve it until a lead approves the
selection (review → ready) or cancels the round. For the worker both ready and review are a finished job.
Transitions are compare-and-set updates, so two workers (or a redelivered task) cannot both move a round.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.core.errors import Conflict
from backend.db.base import utcnow
from backend.models import Round


class RoundStatus(StrEnum):
    created = "created"
    pretraining = "pretraining"
    training = "training"
    scoring = "scoring"
    selecting = "selecting"
    review = "review"
    ready = "ready"
    annotating = "annotating"
    closed = "closed"
    failed = "failed"
    cancelled = "cancelled"


S = RoundStatus
TRANSITIONS: dict[RoundStatus, frozenset[RoundStatus]] = {
    S.created: frozenset({S.pretraining, S.training, S.failed, S.cancelled}),
    S.pretraining: frozenset({S.training, S.failed, S.cancelled}),
    S.training: frozenset({S.scoring, S.failed, S.cancelled}),
    S.scoring: frozenset({S.selecting, S.failed, S.cancelled}),
    S.selecting: frozenset({S.ready, S.review, S.failed, S.cancelled}),
    # A lead approves the selection (possibly changed) and publishes it, or cancels the round.
    S.review: frozenset({S.ready, S.cancelled}),
    S.ready: frozenset({S.annotating, S.closed, S.cancelled}),
    S.annotating: frozenset({S.closed}),
    S.failed: frozenset({S.created}),
    S.closed: frozenset(),
    # Retry from the API: a failed or cancelled round starts again from ``created`` with a new job.
    S.cancelled: frozenset({S.created}),
}
CANCELLABLE = frozenset(s for s, targets in TRANSITIONS.items() if S.cancelled in targets)
RETRYABLE = frozenset({S.failed, S.cancelled})
RUNNING = frozenset({S.created, S.pretraining, S.training, S.scoring, S.selecting})
OPEN_FOR_ANNOTATION = frozenset({S.ready, S.annotating})
# Nothing left for a worker to do: a redelivered job or the recovery sweep leaves these rounds alone.
FINAL = frozenset({S.closed, S.failed, S.cancelled, S.review, S.ready, S.annotating})


def can_transition(current: str, target: RoundStatus) -> bool:
    return target in TRANSITIONS[RoundStatus(current)]


def transition(session: Session, round_id: uuid.UUID, *, to: RoundStatus, error: str | None = None) -> bool:
    """Move a round to ``to`` if the machine allows it from its current state; False if another actor won."""
    current = session.get(Round, round_id, populate_existing=True)
    if current is None:
        raise Conflict(f"Round {round_id} no longer exists")
    if not can_transition(current.status, to):
        return False
    values: dict[str, object] = {"status": str(to)}
    if to in {S.training, S.pretraining} and current.started_at is None:
        values["started_at"] = utcnow()
    # The job finishes when it reaches review; publishing an approved round later keeps that time.
    if to in {S.review, S.failed, S.cancelled, S.closed} or (to is S.ready and current.finished_at is None):
        values["finished_at"] = utcnow()
    if to is S.failed:
        values["error"] = error
    if to is S.created:
        values.update(error=None, started_at=None, finished_at=None)
    result = session.execute(update(Round).where(Round.id == round_id, Round.status == current.status).values(**values))
    session.flush()
    session.refresh(current)
    return bool(result.rowcount)  # type: ignore[attr-defined]
