"""Which drawings a viewer can open a patient with, and the one it starts from.

One rule, decided here and nowhere else: the caller's own draft (work in progress must never be lost), else their own
read of a case waiting for review (a returned case reopens with what they submitted), else the patient's accepted
annotation (what a person drew or approved beats a model's guess), else the latest round's
prediction, else an empty mask. The case payload (``GET /api/patients/{id}``) carries the answer with what each mask
is (version and author, round), so the browser downloads exactly one starting mask and never probes for absent ones.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.draft import service as draft_service
from backend.models import Annotation, CaseReview, Draft, Patient, Prediction, Round, User
from backend.models.review import ReviewStatus
from backend.patient.schemas import AcceptedMask, CaseMasks, DraftMask, PredictionMask, ReadMask, StartingMask
from backend.review import service as review_service


def for_viewer(
    session: Session, patient: Patient, user: User, *, accepted: Annotation | None, prediction: Prediction | None
) -> CaseMasks:
    """The masks ``user`` could open ``patient`` with (their own draft only: drafts are private) and the start;
    ``accepted`` and ``prediction`` are the patient's, looked up once by the caller for this and the case payload."""
    draft = draft_service.get(session, patient.id, user)
    read = _own_read(session, patient, user)
    return CaseMasks(
        draft=_draft(draft) if draft else None,
        read=read,
        accepted=_accepted(session, accepted) if accepted else None,
        prediction=_prediction(session, prediction) if prediction else None,
        starting=starting_mask(draft=draft, read=read, accepted=accepted, prediction=prediction),
    )


def starting_mask(
    *, draft: Draft | None, read: ReadMask | None, accepted: Annotation | None, prediction: Prediction | None
) -> StartingMask:
    if draft is not None:
        return StartingMask.draft
    if read is not None:
        return StartingMask.read
    if accepted is not None:
        return StartingMask.accepted
    if prediction is not None:
        return StartingMask.prediction
    return StartingMask.empty


def _own_read(session: Session, patient: Patient, user: User) -> ReadMask | None:
    """The caller's latest read while the case waits for review; never a colleague's (a second reader reads alone)."""
    review = review_service.for_patient(session, patient.id)
    number = review_service.read_number_of(review, user)
    if review is None or number is None or review.status == ReviewStatus.accepted:
        return None
    mine = review_service.latest_reads(session, [patient.id]).get(patient.id, {}).get(number)
    if mine is None:
        return None
    returned = review.status == ReviewStatus.returned and review.returned_to_id == user.id
    return ReadMask(
        annotation_id=mine.id,
        version=mine.version,
        read_number=number,
        created_at=mine.created_at,
        review_status=review.status,
        comment=review.comment if returned else None,
        reviewer=_username(session, review) if returned else None,
    )


def _username(session: Session, review: CaseReview) -> str | None:
    reviewer = session.get(User, review.reviewer_id) if review.reviewer_id else None
    return reviewer.username if reviewer else None


def _draft(draft: Draft) -> DraftMask:
    return DraftMask(updated_at=draft.updated_at, time_spent_s=draft.time_spent_s, sha256=draft.sha256)


def _accepted(session: Session, annotation: Annotation) -> AcceptedMask:
    author = session.get(User, annotation.author_id) if annotation.author_id else None
    return AcceptedMask(
        annotation_id=annotation.id,
        version=annotation.version,
        source=annotation.source,
        author=author.username if author else None,
        created_at=annotation.created_at,
    )


def _prediction(session: Session, prediction: Prediction) -> PredictionMask:
    round_ = session.get_one(Round, prediction.round_id)  # a round's deletion cascades to its predictions
    return PredictionMask(
        round_id=round_.id,
        round_number=round_.number,
        model_version_id=prediction.model_version_id,
        created_at=prediction.created_at,
    )
