from __future__ import annotations

import uuid

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from backend.core.openapi import BLOB_RESPONSES, GzipResponse
from backend.deps import Annotator, SessionDep
from backend.draft import service
from backend.draft.schemas import DraftRead
from backend.models import Draft
from backend.patient import service as patient_service
from backend.storage.responses import blob_response
from backend.storage.uploads import read_limited

router = APIRouter(tags=["drafts"])


def _read(draft: Draft) -> DraftRead:
    return DraftRead(
        patient_id=draft.patient_id,
        sha256=draft.sha256,
        size_bytes=draft.size_bytes,
        time_spent_s=draft.time_spent_s,
        updated_at=draft.updated_at,
    )


@router.put("/patients/{patient_id}/draft", response_model=DraftRead)
def save_draft(
    patient_id: uuid.UUID,
    session: SessionDep,
    user: Annotator,
    mask: UploadFile = File(description="NIfTI (.nii or .nii.gz) on the image's voxel grid"),
    time_spent_s: float | None = Form(default=None, ge=0, le=86_400),
) -> DraftRead:
    """Autosave the caller's drawing (renews their reservation; 409 when a colleague holds the case)."""
    patient, project = patient_service.get_for_user(session, patient_id, user)
    payload = read_limited(mask, "Draft")
    draft = service.save(
        session, patient=patient, project=project, user=user, payload=payload, time_spent_s=time_spent_s
    )
    session.commit()
    return _read(draft)


@router.get(
    "/patients/{patient_id}/draft",
    response_model=DraftRead,
    responses={204: {"description": "The caller has no draft of this patient"}},
)
def get_draft(patient_id: uuid.UUID, session: SessionDep, user: Annotator) -> DraftRead | Response:
    """The caller's saved draft of this patient, or 204 No Content when there is none.

    Having no draft is the normal state of a case, not an error, so it is not answered 404 (browsers log every 4xx
    as a failed resource). The case payload (``GET /api/patients/{id}``, ``masks.draft``) says the same up front."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    draft = service.get(session, patient.id, user)
    if draft is None:
        return Response(status_code=204)
    return _read(draft)


@router.get("/patients/{patient_id}/draft/mask", response_class=GzipResponse, responses=BLOB_RESPONSES)
def get_draft_mask(patient_id: uuid.UUID, request: Request, session: SessionDep, user: Annotator) -> Response:
    """The caller's draft drawing as gzipped NIfTI."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    draft = service.get_or_raise(session, patient.id, user)
    return blob_response(
        request,
        session,
        key=draft.storage_key,
        sha256=draft.sha256,
        filename="draft.nii.gz",
        user_id=user.id,
        patient_id=patient.id,
        action="draft.mask.read",
        details={"draft_id": str(draft.id), "sha256": draft.sha256},
    )


@router.delete("/patients/{patient_id}/draft", status_code=204, response_class=Response)
def discard_draft(patient_id: uuid.UUID, session: SessionDep, user: Annotator) -> Response:
    """Throw the caller's draft away (back to the model's prediction)."""
    patient, _ = patient_service.get_for_user(session, patient_id, user)
    service.discard(session, patient.id, user)
    session.commit()
    return Response(status_code=204)
