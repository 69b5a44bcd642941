"""A reviewed case's way from its reads to an accepted mask (issue 17).

With ``project.review_required`` a reader's submission is a *read*: an annotation version with a ``read_number``
that is charged like any first annotation but does not become the patient's ground truth. The patient waits
``in_review`` (offered to no first reader, trained on by no round) and its ``CaseReview`` row says for what:

    second_read ──(second reader submits)──▶ pending ──(reviewer accepts)──▶ accepted
                                              │  ▲
                                 (returns it) ▼  │ (the reader resubmits)
                                             returned

Every change is a compare-and-set UPDATE on the row's status, so two reviewers (or a reviewer and a resubmitting
reader) cannot both win; the loser gets a 409 naming the state now. Each decision is audited with its comment and
the reviewer's active time, which is recorded on the case and never charged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend.annotation import versions
from backend.audit import service as audit
from backend.core import keyset
from backend.core.errors import BadInput, Conflict, Forbidden, NotFound
from backend.db.base import utcnow
from backend.models import Annotation, AuditEvent, CaseReview, Patient, Project, User, Volume
from backend.models.patient import PatientStatus
from backend.models.review import ReviewStatus
from backend.review import access as review_access
from backend.review import double_read

log = logging.getLogger(__name__)

OPEN = frozenset({ReviewStatus.second_read, ReviewStatus.pending, ReviewStatus.returned})
# What a review list's cursor carries: the row's last change and id (oldest first: the queue is first in, first out).
KEY: tuple[type, ...] = (datetime, uuid.UUID)
DECISIONS = ("review.accept", "review.return")


def for_patient(session: Session, patient_id: uuid.UUID) -> CaseReview | None:
    return session.scalar(select(CaseReview).where(CaseReview.patient_id == patient_id))


def for_patients(session: Session, patient_ids: Iterable[uuid.UUID]) -> list[CaseReview]:
    ids = list(patient_ids)
    if not ids:
        return []
    return list(session.scalars(select(CaseReview).where(CaseReview.patient_id.in_(ids))))


def get_or_raise(session: Session, patient: Patient) -> CaseReview:
    review = for_patient(session, patient.id)
    if review is None:
        raise NotFound(f"Patient {patient.external_id} has no read waiting for review")
    return review


def latest_reads(session: Session, patient_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[int, Annotation]]:
    """Each patient's latest version of each read (by read number)."""
    ids = list(patient_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(Annotation)
        .where(Annotation.patient_id.in_(ids), Annotation.read_number.is_not(None))
        .order_by(Annotation.patient_id, Annotation.read_number, Annotation.version)
    )
    reads: dict[uuid.UUID, dict[int, Annotation]] = {}
    for annotation in rows:
        assert annotation.read_number is not None
        reads.setdefault(annotation.patient_id, {})[annotation.read_number] = annotation  # ascending: last wins
    return reads


def current_consensus(session: Session, patient_id: uuid.UUID, reads: dict[int, Annotation]) -> list[Annotation]:
    """The consensus made from exactly the case's latest reads (none until the worker made it, or after a revision)."""
    sources = [str(a.id) for _, a in sorted(reads.items())]
    made = session.scalars(
        select(Annotation)
        .where(Annotation.patient_id == patient_id, Annotation.source == "consensus")
        .order_by(Annotation.version.desc())
    )
    return [a for a in made if a.derived_from == sources][:1]


def read_number_of(review: CaseReview | None, user: User) -> int | None:
    """Which read of the case is the caller's (None: they have none)."""
    if review is None:
        return None
    if user.id == review.first_reader_id:
        return 1
    if user.id == review.second_reader_id:
        return 2
    return None


def check_may_reread(review: CaseReview, patient: Patient, user: User) -> int:
    """Raise unless ``user`` may write a read of the case now; returns the read's number.

    A reader revises their read while it waits (for a second reader, a reviewer, or them after a return); once a
    reviewer accepted a mask it is ground truth, which only a lead's audited correction changes. A case waiting for
    its second read takes one from any colleague of the first reader (the queue offers it; whether the budget covers
    it is ``backend.annotation.access``'s to check)."""
    number = read_number_of(review, user)
    if number is None and review.status == ReviewStatus.second_read and review.second_reader_id is None:
        return 2
    if number is None:
        raise Forbidden(
            f"Patient {patient.external_id} was read by a colleague and waits for review: only its readers revise "
            "their reads"
        )
    if review.status == ReviewStatus.accepted:
        raise Forbidden(
            f"Patient {patient.external_id}'s mask was accepted by a reviewer: the project lead corrects ground "
            "truth with the ground-truth correction action"
        )
    if review.status == ReviewStatus.returned and review.returned_to_id != user.id:
        raise Conflict(f"Patient {patient.external_id} was returned to your colleague; it waits for their revision")
    return number


@dataclass(frozen=True)
class NewRead:
    annotation: Annotation
    review: CaseReview
    # A read's first version is charged (the case's first read, like any first annotation, and a second read);
    # revisions are not.
    charged: bool


def add_read(
    session: Session,
    *,
    project: Project,
    patient: Patient,
    volume: Volume,
    labels: np.ndarray,
    encoded: bytes,
    author: User,
    base_version: int | None,
    time_spent_s: float | None,
    source_model_version_id: uuid.UUID | None,
) -> NewRead:
    """Store ``author``'s read (a new version of it) and move the case on; 409 if anything changed meanwhile.

    ``base_version`` is the version of their own read the mask was drawn from (None for their first); ``labels`` is
    the validated label map ``encoded`` holds (the first read decides on a second one from it)."""
    review = for_patient(session, patient.id)
    number = 1 if review is None else check_may_reread(review, patient, author)
    mine = latest_reads(session, [patient.id]).get(patient.id, {}).get(number)
    if base_version != (mine.version if mine else None):
        raise _read_changed(patient, base_version, mine)
    annotation = _insert(
        session,
        patient,
        volume_id=volume.id,
        author_id=author.id,
        source="human",
        encoded=encoded,
        time_spent_s=time_spent_s,
        source_model_version_id=source_model_version_id,
        read_number=number,
    )
    now = utcnow()
    if review is None:
        # The first read of the case: exactly one concurrent first submission moves the patient on.
        moved = session.execute(
            update(Patient)
            .where(
                Patient.id == patient.id,
                Patient.status == str(PatientStatus.unlabeled),
                Patient.accepted_annotation_id.is_(None),
            )
            .values(status=str(PatientStatus.in_review))
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if not moved:
            raise Conflict(f"Patient {patient.external_id} was read meanwhile; reload the case")
        session.expire(patient, ["status"])
        decision = double_read.decide(session, project, patient, labels)
        review = CaseReview(
            patient_id=patient.id,
            project_id=project.id,
            status=str(ReviewStatus.second_read if decision.second_read else ReviewStatus.pending),
            double_read=decision.second_read,
            first_reader_id=author.id,
            model_dice=decision.model_dice,
            updated_at=now,
        )
        session.add(review)
        session.flush()
        log.info("review.first_read patient=%s second_read=%s rule=%s", patient.id, decision.second_read, decision.rule)
        return NewRead(annotation=annotation, review=review, charged=True)
    seen = review.status
    if mine is None and number == 2:
        # The second read: its reader claims it, one of any concurrent second readers wins; then the case is
        # complete and waits for its reviewer.
        _compare_and_set(
            session,
            review,
            patient,
            seen=ReviewStatus.second_read,
            values={"status": str(ReviewStatus.pending), "second_reader_id": author.id, "updated_at": now},
        )
        return NewRead(annotation=annotation, review=review, charged=True)
    # A returned case goes back to the reviewer; a read revised while it waits keeps its place in the queue.
    status = ReviewStatus.pending if seen == ReviewStatus.returned else ReviewStatus(seen)
    values: dict[str, Any] = {"status": str(status), "updated_at": now}
    if seen == ReviewStatus.returned:
        values["returned_to_id"] = None
    _compare_and_set(session, review, patient, seen=seen, values=values)
    return NewRead(annotation=annotation, review=review, charged=False)


def accept(
    session: Session,
    *,
    project: Project,
    patient: Patient,
    reviewer: User,
    annotation_id: uuid.UUID | None,
    edited: tuple[Volume, bytes] | None,
    review_time_s: float | None,
    comment: str | None,
) -> Annotation:
    """The reviewer's decision that a mask is the case's ground truth: one of its reads as it is
    (``annotation_id``), or their own edit (``edited``: the volume and the encoded mask), a new version derived from
    the reads. The patient's accepted annotation switches to it, as any accepted mask does."""
    review = get_or_raise(session, patient)
    review_access.check_not_own_read(session, review, reviewer)
    _check_pending(review, patient)
    reads = latest_reads(session, [patient.id]).get(patient.id, {})
    if (annotation_id is None) == (edited is None):
        raise BadInput("Accept either one of the case's reads (annotation_id) or your edited mask (mask), not both")
    if edited is not None:
        volume, encoded = edited
        chosen = _insert(
            session,
            patient,
            volume_id=volume.id,
            author_id=reviewer.id,
            source="review",
            encoded=encoded,
            derived_from=[str(a.id) for _, a in sorted(reads.items())],
        )
    else:
        found = next(
            (a for a in [*reads.values(), *current_consensus(session, patient.id, reads)] if a.id == annotation_id),
            None,
        )
        if found is None:
            raise BadInput(
                f"Annotation {annotation_id} is neither the latest version of a read of this case nor the consensus "
                "of its latest reads"
            )
        chosen = found
    now = utcnow()
    _compare_and_set(
        session,
        review,
        patient,
        seen=ReviewStatus.pending,
        values={
            "status": str(ReviewStatus.accepted),
            "reviewer_id": reviewer.id,
            "decided_at": now,
            "updated_at": now,
            "comment": comment,
            "review_time_s": CaseReview.review_time_s + float(review_time_s or 0.0),
        },
    )
    switched = session.execute(
        update(Patient)
        .where(
            Patient.id == patient.id,
            Patient.status == str(PatientStatus.in_review),
            Patient.accepted_annotation_id.is_(None),
        )
        .values(accepted_annotation_id=chosen.id, status=str(PatientStatus.annotated))
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not switched:
        raise Conflict(f"Patient {patient.external_id} changed meanwhile; reload the case")
    session.expire(patient, ["accepted_annotation_id", "status"])
    audit.record(
        session,
        user_id=reviewer.id,
        action="review.accept",
        target_type="patient",
        target_id=patient.id,
        details={
            "annotation_id": str(chosen.id),
            "version": chosen.version,
            "edited": edited is not None,
            "reads": {str(n): a.version for n, a in sorted(reads.items())},
            "comment": comment,
            "review_time_s": review_time_s,
        },
    )
    log.info("review.accepted patient=%s version=%s edited=%s", patient.id, chosen.version, edited is not None)
    return chosen


def return_to_reader(
    session: Session,
    *,
    patient: Patient,
    reviewer: User,
    comment: str,
    reader_id: uuid.UUID | None,
    review_time_s: float | None,
) -> CaseReview:
    """Send the case back to one of its readers (the first, unless named) with what to fix."""
    review = get_or_raise(session, patient)
    review_access.check_not_own_read(session, review, reviewer)
    _check_pending(review, patient)
    readers = {review.first_reader_id} | ({review.second_reader_id} if review.second_reader_id else set())
    to = reader_id or review.first_reader_id
    if to not in readers:
        raise BadInput("A case goes back to one of its readers")
    comment = comment.strip()
    if not comment:
        raise BadInput("Say what the reader should change (comment)")
    now = utcnow()
    _compare_and_set(
        session,
        review,
        patient,
        seen=ReviewStatus.pending,
        values={
            "status": str(ReviewStatus.returned),
            "returned_to_id": to,
            "reviewer_id": reviewer.id,
            "comment": comment,
            "updated_at": now,
            "review_time_s": CaseReview.review_time_s + float(review_time_s or 0.0),
        },
    )
    reader = session.get_one(User, to)
    audit.record(
        session,
        user_id=reviewer.id,
        action="review.return",
        target_type="patient",
        target_id=patient.id,
        details={"to": reader.username, "comment": comment, "review_time_s": review_time_s},
    )
    log.info("review.returned patient=%s", patient.id)
    return review


@dataclass(frozen=True)
class ReviewRow:
    review: CaseReview
    external_id: str
    project_name: str


def page(
    session: Session,
    user: User,
    *,
    project_id: uuid.UUID | None,
    status: ReviewStatus,
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[ReviewRow]:
    """The caller's review queue in ``status``, oldest change first, across the projects they review."""
    if project_id is not None:
        review_access.get_for_reviewer(session, project_id, user)
        projects = [project_id]
    else:
        projects = review_access.reviewable_project_ids(session, user)
    query = (
        select(CaseReview, Patient.external_id, Project.name)
        .join(Patient, Patient.id == CaseReview.patient_id)
        .join(Project, Project.id == CaseReview.project_id)
        .where(CaseReview.project_id.in_(projects), CaseReview.status == str(status))
        .order_by(CaseReview.updated_at, CaseReview.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(keyset.after([CaseReview.updated_at, CaseReview.id], after))
    return [ReviewRow(review, external_id, name) for review, external_id, name in session.execute(query)]


def pending_count(session: Session, project_ids: list[uuid.UUID], user: User) -> int:
    """Cases of these projects waiting for a decision that ``user`` did not read (theirs go to someone else)."""
    own = select(Annotation.patient_id).where(Annotation.author_id == user.id, Annotation.read_number.is_not(None))
    query = (
        select(func.count())
        .select_from(CaseReview)
        .where(
            CaseReview.project_id.in_(project_ids),
            CaseReview.status == str(ReviewStatus.pending),
            CaseReview.patient_id.not_in(own),
        )
    )
    return session.scalar(query) or 0


def key_of(review: CaseReview) -> tuple[datetime, uuid.UUID]:
    return (review.updated_at, review.id)


def returned_to(session: Session, user: User) -> list[ReviewRow]:
    """The cases reviewers sent back to the caller, oldest first (a reader has a handful at most)."""
    rows = session.execute(
        select(CaseReview, Patient.external_id, Project.name)
        .join(Patient, Patient.id == CaseReview.patient_id)
        .join(Project, Project.id == CaseReview.project_id)
        .where(CaseReview.returned_to_id == user.id, CaseReview.status == str(ReviewStatus.returned))
        .order_by(CaseReview.updated_at, CaseReview.id)
    )
    return [ReviewRow(review, external_id, name) for review, external_id, name in rows]


def decisions(session: Session, patient_id: uuid.UUID) -> list[tuple[AuditEvent, str | None]]:
    """Every review decision on the case, oldest first, from the audit trail (its one record of them)."""
    rows = session.execute(
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(
            AuditEvent.target_type == "patient",
            AuditEvent.target_id == str(patient_id),
            AuditEvent.action.in_(DECISIONS),
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return [(event, username) for event, username in rows]


def usernames(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted))).all()
    return {row[0]: row[1] for row in rows}


def _check_pending(review: CaseReview, patient: Patient) -> None:
    if review.status != ReviewStatus.pending:
        raise Conflict(f"Patient {patient.external_id} is {_words(review.status)}, not waiting for a review decision")


def _words(status: str) -> str:
    return {
        ReviewStatus.second_read: "waiting for its second read",
        ReviewStatus.returned: "returned to its reader",
        ReviewStatus.accepted: "already accepted",
    }.get(ReviewStatus(status), str(status))


def _compare_and_set(
    session: Session, review: CaseReview, patient: Patient, *, seen: str, values: dict[str, Any]
) -> None:
    changed = session.execute(
        update(CaseReview)
        .where(CaseReview.id == review.id, CaseReview.status == str(seen))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not changed:
        session.refresh(review)
        raise Conflict(f"Patient {patient.external_id} is {_words(review.status)} now; reload the case")
    session.refresh(review)


def _read_changed(patient: Patient, base_version: int | None, mine: Annotation | None) -> Conflict:
    now = f"version {mine.version}" if mine else "no read of yours"
    started = f"version {base_version}" if base_version is not None else "no read"
    return Conflict(
        f"Your read of patient {patient.external_id} changed meanwhile ({now}; you started from {started}); "
        "reload the case and start again"
    )


def _insert(session: Session, patient: Patient, **fields: Any) -> Annotation:
    """Store the patient's next version (``fields`` as ``versions.new_version`` takes them)."""
    annotation = versions.new_version(
        patient_id=patient.id, version=versions.next_version(session, patient.id), **fields
    )
    if not versions.insert(session, annotation):  # a concurrent writer took this version number first
        raise Conflict(f"Patient {patient.external_id} was annotated meanwhile; reload the case")
    return annotation
