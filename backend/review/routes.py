from __future__ import annotations

import uuid
from typing import Annotated

import numpy as np
from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from sqlalchemy import select

from backend.annotation import service as annotation_service
from backend.annotation.schemas import AnnotationRead
from backend.core.keyset import PAGED
from backend.core.pagination import Page, set_next, take_page
from backend.core.types import SafeMultiline
from backend.deps import Annotator, CurrentUser, SessionDep
from backend.models import Annotation, AuditEvent, CaseReview, ReadAgreement, User
from backend.models.review import ReviewStatus
from backend.patient import service as patient_service
from backend.review import access as review_access
from backend.review import jobs as review_jobs
from backend.review import service
from backend.review.schemas import (
    AgreementRead,
    ConsensusRead,
    DecisionAction,
    ReadSummary,
    ReturnedCase,
    ReturnRequest,
    ReviewAccepted,
    ReviewDecision,
    ReviewDetail,
    ReviewItem,
)
from backend.seg import service as seg_service
from backend.storage import blobs, nifti_io
from backend.storage.uploads import read_limited

router = APIRouter(tags=["review"])


def _items(session: SessionDep, rows: list[service.ReviewRow], viewer: User) -> list[ReviewItem]:
    """Review rows as the viewer sees them: a read they may not see yet (blind) is left out."""
    reviews = [row.review for row in rows]
    by_patient = {r.patient_id: r for r in reviews}
    reviews_project = {p: review_access.may_review(session, p, viewer) for p in {r.project_id for r in reviews}}
    reads: dict[uuid.UUID, dict[int, Annotation]] = {}
    for patient_id, per in service.latest_reads(session, by_patient).items():
        case = by_patient[patient_id]
        reads[patient_id] = {
            n: a
            for n, a in per.items()
            if review_access.visible(
                session, a, case, case.project_id, viewer, reviewer=reviews_project[case.project_id]
            )
        }
    authors = {a.author_id for per in reads.values() for a in per.values()}
    names = service.usernames(
        session, [*authors, *(r.reviewer_id for r in reviews), *(r.returned_to_id for r in reviews)]
    )
    return [
        ReviewItem(
            patient_id=row.review.patient_id,
            external_id=row.external_id,
            project_id=row.review.project_id,
            project_name=row.project_name,
            status=row.review.status,
            double_read=row.review.double_read,
            reads=[
                ReadSummary(
                    annotation_id=a.id,
                    version=a.version,
                    read_number=number,
                    author=names.get(a.author_id) if a.author_id else None,
                    author_id=a.author_id,
                    created_at=a.created_at,
                    time_spent_s=a.time_spent_s,
                )
                for number, a in sorted(reads.get(row.review.patient_id, {}).items())
            ],
            updated_at=row.review.updated_at,
            comment=row.review.comment,
            reviewer=names.get(row.review.reviewer_id) if row.review.reviewer_id else None,
            returned_to=names.get(row.review.returned_to_id) if row.review.returned_to_id else None,
            review_time_s=row.review.review_time_s,
        )
        for row in rows
    ]


@router.get(
    "/reviews",
    response_model=list[ReviewItem],
    responses={
        **PAGED,
        400: {"description": "A cursor this list did not return"},
        403: {"description": "project_id names a project the caller does not review"},
        404: {"description": "project_id names no project"},
    },
)
def list_reviews(
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
    page: Page,
    project_id: uuid.UUID | None = Query(default=None, description="one project's cases (403 unless you review it)"),
    status: ReviewStatus = Query(default=ReviewStatus.pending, description="the cases in this state"),
) -> list[ReviewItem]:
    """The caller's review queue: cases of the projects they review (as lead, admin or marked reviewer) in one
    state, oldest change first, a page at a time. Empty for someone who reviews nothing."""
    rows = service.page(
        session, user, project_id=project_id, status=status, after=page.after(service.KEY), limit=page.limit + 1
    )
    items, more = take_page(rows, page)
    set_next(request, response, service.key_of(items[-1].review) if more else None)
    return _items(session, items, user)


@router.get("/patients/{patient_id}/review", response_model=ReviewDetail)
def get_review(patient_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ReviewDetail:
    """A reviewed case for its reviewer: the reads to compare, every version, the decisions so far."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    review_access.get_for_reviewer(session, project.id, user)
    review = service.get_or_raise(session, patient)
    item = _items(session, [service.ReviewRow(review, patient.external_id, project.name)], user)[0]
    return ReviewDetail(
        **item.model_dump(),
        history=[
            AnnotationRead.of(a, username)
            for a, username in annotation_service.list_for_patient(session, patient.id)
            if review_access.visible(session, a, review, project.id, user)
        ],
        decisions=[_decision(event, username) for event, username in service.decisions(session, patient.id)],
        has_prediction=patient_service.latest_prediction(session, patient.id) is not None,
        consensus=_consensus(session, patient.id, review, project.id, user),
        agreement=_agreement(session, patient.id),
    )


def _consensus(
    session: SessionDep, patient_id: uuid.UUID, review: CaseReview, project_id: uuid.UUID, user: User
) -> ConsensusRead | None:
    reads = service.latest_reads(session, [patient_id]).get(patient_id, {})
    found = service.current_consensus(session, patient_id, reads)
    if not found or not review_access.visible(session, found[0], review, project_id, user):
        return None
    return ConsensusRead(annotation_id=found[0].id, version=found[0].version, created_at=found[0].created_at)


def _agreement(session: SessionDep, patient_id: uuid.UUID) -> list[AgreementRead]:
    rows = session.execute(
        select(ReadAgreement, Annotation.version, Annotation.author_id)
        .join(Annotation, Annotation.id == ReadAgreement.other_annotation_id)
        .where(ReadAgreement.patient_id == patient_id)
        .order_by(ReadAgreement.kind, ReadAgreement.label, ReadAgreement.created_at)
    ).all()
    versions = (
        dict(
            session.execute(
                select(Annotation.id, Annotation.version).where(
                    Annotation.id.in_([r.annotation_id for r, _, _ in rows])
                )
            ).all()
        )
        if rows
        else {}
    )
    names = service.usernames(session, [*(r.reader_id for r, _, _ in rows), *(a for _, _, a in rows)])
    return [
        AgreementRead(
            kind=row.kind,
            label=row.label,
            reader=names.get(row.reader_id) if row.reader_id else None,
            read_version=versions[row.annotation_id],
            other=names.get(other_author) if other_author else None,
            other_version=other_version,
            dice=row.dice,
            hausdorff95_mm=row.hausdorff95_mm,
            surface_dice=row.surface_dice,
        )
        for row, other_version, other_author in rows
    ]


def _decision(event: AuditEvent, username: str | None) -> ReviewDecision:
    details = event.details or {}
    version = details.get("version")
    seconds = details.get("review_time_s")
    return ReviewDecision(
        action=DecisionAction.accept if event.action == "review.accept" else DecisionAction.return_,
        reviewer=username,
        at=event.created_at,
        comment=details.get("comment"),
        to=details.get("to"),
        version=version if isinstance(version, int) else None,
        edited=details.get("edited") if isinstance(details.get("edited"), bool) else None,
        review_time_s=float(seconds) if isinstance(seconds, int | float) else None,
    )


@router.post("/patients/{patient_id}/review/accept", response_model=ReviewAccepted, status_code=201)
def accept_review(
    patient_id: uuid.UUID,
    session: SessionDep,
    user: CurrentUser,
    annotation_id: uuid.UUID | None = Form(default=None, description="Accept this read as it is"),
    mask: UploadFile | None = File(default=None, description="Or accept your edit: NIfTI on the image's grid"),
    review_time_s: float | None = Form(default=None, ge=0, le=86_400, description="The reviewer's active seconds"),
    comment: Annotated[SafeMultiline | None, Form(max_length=2000, description="Optional note, audited")] = None,
) -> ReviewAccepted:
    """Accept a pending case: one of its reads as it is, or the reviewer's edited mask (a new "review" version
    derived from the reads). The accepted mask becomes the patient's ground truth, trains the next round and enters
    exports; nothing is charged."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    review_access.get_for_reviewer(session, project.id, user)
    edited = None
    if mask is not None:
        volume = patient_service.primary_volume(session, patient)
        payload = read_limited(mask, "Mask")
        data = annotation_service.validate_mask(project, payload, volume.shape)
        edited = (volume, nifti_io.encode(data, np.asarray(volume.affine)))
    accepted = service.accept(
        session,
        project=project,
        patient=patient,
        reviewer=user,
        annotation_id=annotation_id,
        edited=edited,
        review_time_s=review_time_s,
        comment=comment.strip() if comment and comment.strip() else None,
    )
    if edited is not None:
        blobs.put_bytes(accepted.storage_key, edited[1])
    try:
        seg_job = seg_service.queue_send_on_accept(session, project=project, patient=patient)
        measure_job = review_jobs.queue_after_accept(session, project=project, patient=patient)
        session.commit()
    except Exception:
        if edited is not None:
            blobs.delete(accepted.storage_key)
        raise
    if seg_job is not None:
        seg_service.dispatch(session, seg_job)
    review_jobs.dispatch(session, measure_job)
    return ReviewAccepted(annotation_id=accepted.id, version=accepted.version, edited=edited is not None)


@router.post("/patients/{patient_id}/review/return", response_model=ReviewItem)
def return_review(patient_id: uuid.UUID, body: ReturnRequest, session: SessionDep, user: CurrentUser) -> ReviewItem:
    """Send a pending case back to one of its readers with what to change; it reappears at the top of their queue
    and comes back to review when they resubmit."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    review_access.get_for_reviewer(session, project.id, user)
    review: CaseReview = service.return_to_reader(
        session,
        patient=patient,
        reviewer=user,
        comment=body.comment,
        reader_id=body.reader_id,
        review_time_s=body.review_time_s,
    )
    session.commit()
    return _items(session, [service.ReviewRow(review, patient.external_id, project.name)], user)[0]


@router.get("/queue/returned", response_model=list[ReturnedCase])
def returned_cases(session: SessionDep, user: Annotator) -> list[ReturnedCase]:
    """Cases reviewers returned to the caller, oldest first, each with the reviewer's comment."""
    rows = service.returned_to(session, user)
    names = service.usernames(session, [row.review.reviewer_id for row in rows])
    return [
        ReturnedCase(
            patient_id=row.review.patient_id,
            external_id=row.external_id,
            project_id=row.review.project_id,
            project_name=row.project_name,
            comment=row.review.comment,
            reviewer=names.get(row.review.reviewer_id) if row.review.reviewer_id else None,
            returned_at=row.review.updated_at,
        )
        for row in rows
    ]
