from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from backend.annotation import listing, service
from backend.annotation.schemas import AnnotationCreated, AnnotationRead, ProjectAnnotationRead
from backend.budget import service as budget_service
from backend.core.errors import BadInput, Forbidden
from backend.core.keyset import PAGED
from backend.core.openapi import BLOB_RESPONSES, GzipResponse
from backend.core.pagination import Page, set_next, take_page
from backend.core.types import SafeMultiline
from backend.deps import Annotator, CurrentUser, LeadOrAdmin, SessionDep
from backend.draft import service as draft_service
from backend.patient import service as patient_service
from backend.project import access as project_access
from backend.project.schemas import from_cents
from backend.reservation import service as reservation_service
from backend.review import access as review_access
from backend.review import jobs as review_work
from backend.review import service as review_service
from backend.seg import service as seg_service
from backend.storage import blobs
from backend.storage.responses import blob_response
from backend.storage.uploads import read_limited

router = APIRouter(tags=["annotations"])


BASE_VERSION_HELP = (
    "The accepted version the mask was drawn from (the patient's annotation_version when the case was loaded); "
    "omit it when the patient had no accepted annotation. A different accepted version now answers 409."
)


@router.post("/patients/{patient_id}/annotations", response_model=AnnotationCreated, status_code=201)
def submit_annotation(
    patient_id: uuid.UUID,
    session: SessionDep,
    user: Annotator,
    mask: UploadFile = File(description="NIfTI (.nii or .nii.gz) on the image's voxel grid"),
    time_spent_s: float | None = Form(default=None, ge=0, le=86_400),
    base_version: int | None = Form(default=None, ge=1, description=BASE_VERSION_HELP),
) -> AnnotationCreated:
    """Submit a mask of a case offered to the caller (or a new version of their own accepted annotation): it
    becomes the patient's accepted label; the first one debits the patient's cost from the budget."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    payload = read_limited(mask, "Mask")
    draft_keys: list[str] = []
    seg_jobs: list[uuid.UUID] = []

    review_jobs: list[uuid.UUID] = []

    def also_in_this_transaction() -> None:
        reservation_service.release(session, patient.id, user)
        draft_keys.extend(draft_service.clear_patient(session, patient.id))
        seg_job = seg_service.queue_send_on_accept(session, project=project, patient=patient)
        seg_jobs.extend([seg_job] if seg_job is not None else [])
        review_job = review_work.queue_after_read(session, project=project, patient=patient)
        review_jobs.extend([review_job] if review_job is not None else [])

    annotation = service.submit(
        session,
        patient=patient,
        project=project,
        author=user,
        payload=payload,
        time_spent_s=time_spent_s,
        base_version=base_version,
        then=also_in_this_transaction,
    )
    try:
        session.commit()
    except Exception:
        blobs.delete(annotation.storage_key)
        raise
    for key in draft_keys:
        blobs.delete(key)
    for seg_job in seg_jobs:
        seg_service.dispatch(session, seg_job)
    for review_job in review_jobs:
        review_work.dispatch(session, review_job)
    session.refresh(project)
    review = review_service.for_patient(session, patient.id) if annotation.read_number is not None else None
    return AnnotationCreated(
        id=annotation.id,
        version=annotation.version,
        sha256=annotation.sha256,
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        currency=project.currency,
        review_status=review.status if review is not None else None,
    )


@router.post("/patients/{patient_id}/ground-truth", response_model=AnnotationCreated, status_code=201)
def correct_ground_truth(
    patient_id: uuid.UUID,
    session: SessionDep,
    user: LeadOrAdmin,
    reason: Annotated[
        SafeMultiline, Form(min_length=1, max_length=1000, description="Why the ground truth is corrected (audited)")
    ],
    mask: UploadFile = File(description="NIfTI (.nii or .nii.gz) on the image's voxel grid"),
    base_version: int | None = Form(default=None, ge=1, description=BASE_VERSION_HELP),
) -> AnnotationCreated:
    """Correct any patient's ground truth (validation and imported included): a new version with source
    "correction" that becomes the accepted label, never charged, audited with the version it replaced and why."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    payload = read_limited(mask, "Mask")
    annotation = service.correct(
        session, patient=patient, project=project, lead=user, payload=payload, reason=reason, base_version=base_version
    )
    try:
        seg_job = seg_service.queue_send_on_accept(session, project=project, patient=patient)
        session.commit()
    except Exception:
        blobs.delete(annotation.storage_key)
        raise
    if seg_job is not None:
        seg_service.dispatch(session, seg_job)
    session.refresh(project)
    return AnnotationCreated(
        id=annotation.id,
        version=annotation.version,
        sha256=annotation.sha256,
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        currency=project.currency,
    )


@router.get("/patients/{patient_id}/annotations", response_model=list[AnnotationRead])
def list_annotations(patient_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[AnnotationRead]:
    """Every version of the patient's mask the caller may see, oldest first (a colleague's read of a case still in
    review is blind: ``backend.review.access.visible``)."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    review = review_service.for_patient(session, patient.id)
    return [
        AnnotationRead.of(a, username)
        for a, username in service.list_for_patient(session, patient.id)
        if review_access.visible(session, a, review, patient.project_id, user)
    ]


@router.get("/annotations/{annotation_id}/mask", response_class=GzipResponse, responses=BLOB_RESPONSES)
def get_mask(annotation_id: uuid.UUID, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """One stored mask version as gzipped NIfTI."""
    annotation = service.get_or_raise(session, annotation_id)
    patient, _ = patient_service.get_for_user(session, annotation.patient_id, user)
    if not review_access.visible(
        session, annotation, review_service.for_patient(session, patient.id), patient.project_id, user
    ):
        raise Forbidden(
            "This read is blind until the case is reviewed: only its reader and the project's reviewers see it"
        )
    if not annotation.storage_key:
        raise BadInput("Annotation has no stored mask")
    return blob_response(
        request,
        session,
        key=annotation.storage_key,
        sha256=annotation.sha256,
        filename="mask.nii.gz",
        user_id=user.id,
        patient_id=annotation.patient_id,
        action="annotation.mask.read",
        details={
            "annotation_id": str(annotation.id),
            "version": annotation.version,
            "source": annotation.source,
            "sha256": annotation.sha256,
        },
    )


@router.get(
    "/projects/{project_id}/annotations",
    response_model=list[ProjectAnnotationRead],
    responses={**PAGED, 400: {"description": "A cursor this list did not return"}},
)
def list_project_annotations(
    project_id: uuid.UUID, request: Request, response: Response, session: SessionDep, user: LeadOrAdmin, page: Page
) -> list[ProjectAnnotationRead]:
    """The project's accepted masks, newest first, with who made it and their active time on the case, a page at a
    time (``limit``, and the ``cursor`` of the previous page's ``X-Next-Cursor`` header)."""
    project_access.get_for_user(session, project_id, user)
    rows = listing.page(session, project_id, after=page.after(listing.KEY), limit=page.limit + 1)
    items, more = take_page(rows, page)
    set_next(request, response, listing.key_of(items[-1][0]) if more else None)
    # Blind reads drop out of the page (it may come out shorter; the cursor still continues after its last row).
    reviews = {r.patient_id: r for r in review_service.for_patients(session, {a.patient_id for a, _, _ in items})}
    items = [
        row for row in items if review_access.visible(session, row[0], reviews.get(row[0].patient_id), project_id, user)
    ]
    return [
        ProjectAnnotationRead(
            **AnnotationRead.of(a, username).model_dump(), patient_id=a.patient_id, external_id=external_id
        )
        for a, external_id, username in items
    ]
