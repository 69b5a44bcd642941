"""Who may annotate what: the one rule behind mask submission, draft autosave and reservations.

Ground truth is what every model and every Dice figure rests on, so a reader writes only where the lead expects:

- never a validation patient and never imported ground truth: the lead corrects those with the explicit, audited
  ground-truth correction (``POST /api/patients/{id}/ground-truth``);
- a first annotation only of a case offered to the caller: selected in the project's published round (ready or
  annotating), not set aside, not reserved by a colleague, within the budget and their quota — exactly what their
  queue lists (``backend.worklist.service.candidates`` decides both);
- a new version of an annotated pool patient only by the author of its accepted human annotation (a reader
  correcting their own work);
- in a project that reviews masks, a new version of a read waiting for review only by that read's reader, and a
  double-read case's second read by any colleague of its first reader while the budget covers it
  (``backend.review.service.check_may_reread``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.budget import service as budget_service
from backend.budget.service import NOT_COVERED
from backend.core.errors import BudgetExceeded, Conflict, Forbidden
from backend.models import Annotation, Patient, Project, User
from backend.models.patient import Split
from backend.patient import service as patient_service
from backend.project import quotas
from backend.reservation import service as reservation_service
from backend.review import service as review_service
from backend.worklist import service as worklist_service
from backend.worklist.service import Withheld

CORRECTION_HINT = "the project lead corrects ground truth with the ground-truth correction action"


def check_may_annotate(session: Session, patient: Patient, project: Project, user: User) -> Annotation | None:
    """Raise 403 (not the caller's case) or 409 (taken, set aside, out of budget or quota) unless ``user`` may
    write a mask of ``patient`` now; returns the patient's accepted annotation (None when it has none).

    Judged on the patient as committed now, not as the request loaded it: a colleague's (or a concurrent
    request's) submission a moment ago makes this an annotated case, refused or answered 409 by the base check."""
    session.refresh(patient)
    if patient.split == Split.validation:
        raise Forbidden(
            f"Patient {patient.external_id} is a validation patient: readers do not annotate it; {CORRECTION_HINT}"
        )
    review = review_service.for_patient(session, patient.id)
    if review is not None:  # read, and waiting: only its readers revise their reads (backend/review)
        number = review_service.check_may_reread(review, patient, user)
        reservation_service.check_free_for(session, patient, user)
        if number == 2 and review.second_reader_id is None:  # taking a second read: paid, and counted, like a first
            if budget_service.remaining_cents(project) < budget_service.patient_cost_cents(session, project, patient):
                raise BudgetExceeded(NOT_COVERED)
            if quotas.quota_left(session, project.id, user) == 0:
                raise Conflict("Your annotation quota in this project is used up; ask the project lead to raise it")
        return patient_service.accepted_annotation(session, patient)
    accepted = patient_service.accepted_annotation(session, patient)
    if accepted is not None and accepted.source != "human":
        origin = "imported ground truth" if accepted.source == "import" else "ground truth corrected by the lead"
        raise Forbidden(f"Patient {patient.external_id} has {origin}: readers do not annotate it; {CORRECTION_HINT}")
    # Two radiologists never work on the same case at once: a colleague's live reservation wins.
    reservation_service.check_free_for(session, patient, user)
    if accepted is not None:
        if accepted.author_id != user.id:
            raise Forbidden(
                f"Patient {patient.external_id} is already annotated by a colleague: only its author adds versions; "
                f"{CORRECTION_HINT}"
            )
        return accepted
    candidate = worklist_service.offer(session, project, patient.id, user)
    if candidate is None:
        session.refresh(patient)
        if patient.accepted_annotation_id is not None:  # annotated since the first look: judge it as such
            return check_may_annotate(session, patient, project, user)
        raise Forbidden(
            f"Patient {patient.external_id} is not offered to you: readers annotate only cases their queue lists "
            "(selected in the project's published round)"
        )
    if candidate.withheld == Withheld.skipped:
        raise Conflict(f"Patient {patient.external_id} is set aside for the lead until they return it to the queue")
    if candidate.withheld == Withheld.budget:
        raise BudgetExceeded(NOT_COVERED)
    if candidate.withheld == Withheld.quota:
        raise Conflict("Your annotation quota in this project is used up; ask the project lead to raise it")
    if candidate.withheld == Withheld.reserved:  # a colleague reserved it since check_free_for
        raise Conflict(f"Patient {patient.external_id} was just reserved by a colleague; pick another case")
    return accepted
