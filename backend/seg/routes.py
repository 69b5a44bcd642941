"""DICOM SEG of a patient's accepted label: download, send to the project's PACS, and the segments' coding."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.audit import service as audit
from backend.core.errors import BadInput
from backend.deps import LeadOrAdmin, SessionDep
from backend.project import access
from backend.project.schemas import LabelDef
from backend.seg import service
from backend.seg.coding import SegmentCoding, project_codings, to_concept
from backend.seg.schemas import SegCodingUpdate, SegDeliveryRead, SegmentCodingRead

router = APIRouter(prefix="/projects", tags=["seg"])


class DicomResponse(Response):
    """Documents an endpoint that answers with one DICOM Part 10 file."""

    media_type = "application/dicom"


NO_SEG: dict[int | str, dict[str, Any]] = {
    409: {"description": "The patient has no accepted label, or its image was not imported from DICOM"},
}
SEND_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "No accepted label, no DICOM source series, or the project has no PACS connection"},
    422: {"description": "The PACS refused the SEG or could not be reached (the detail says why)"},
}


@router.get("/{project_id}/patients/{patient_id}/seg", response_class=DicomResponse, responses=NO_SEG)
def download_seg(project_id: uuid.UUID, patient_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> Response:
    """The patient's accepted label as a DICOM SEG on its source series (de-identified when the project is)."""
    project = access.get_for_user(session, project_id, user)
    patient = service.patient_in_project(session, project, patient_id)
    payload, filename = service.download(session, project, patient, user)
    return Response(
        payload,
        media_type="application/dicom",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.post("/{project_id}/patients/{patient_id}/seg/send", response_model=SegDeliveryRead, responses=SEND_ERRORS)
def send_seg(project_id: uuid.UUID, patient_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> SegDeliveryRead:
    """Store the patient's accepted SEG in the project's PACS (STOW-RS), with the real patient identity so it
    files under the right patient there. Sending again replaces the same instance instead of adding one."""
    project = access.get_for_user(session, project_id, user)
    patient = service.patient_in_project(session, project, patient_id)
    delivery = service.send(session, project, patient, user.id)
    session.commit()
    return SegDeliveryRead(
        series_instance_uid=delivery.series_instance_uid,
        sop_instance_uid=delivery.sop_instance_uid,
        sent_at=delivery.sent_at,
        created=delivery.created,
    )


def _read(coding: SegmentCoding) -> SegmentCodingRead:
    return SegmentCodingRead(
        value=coding.value,
        name=coding.name,
        category=to_concept(coding.category),
        type=to_concept(coding.type),
        default=coding.default,
    )


@router.get("/{project_id}/seg/codes", response_model=list[SegmentCodingRead])
def get_seg_codes(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> list[SegmentCodingRead]:
    """How each label is coded in a SEG (segmented property category and type): the lead's choice or the default."""
    project = access.get_for_user(session, project_id, user)
    return [_read(coding) for coding in project_codings(project.labels)]


@router.put("/{project_id}/seg/codes", response_model=list[SegmentCodingRead])
def put_seg_codes(
    project_id: uuid.UUID, body: SegCodingUpdate, session: SessionDep, user: LeadOrAdmin
) -> list[SegmentCodingRead]:
    """Choose the SNOMED CT (or DCM) codes of the listed labels; a null code returns it to the default. Audited."""
    project = access.get_for_user(session, project_id, user)
    labels = [LabelDef.model_validate(item) for item in project.labels]
    by_value = {label.value: label for label in labels}
    changes = {item.value: item for item in body.labels}
    if len(changes) != len(body.labels):
        raise BadInput("Each label value may appear once")
    unknown = sorted(set(changes) - set(by_value))
    if unknown:
        raise BadInput(f"Label values {unknown} are not labels of this project {sorted(by_value)}")
    updated = [
        label.model_copy(update={"category": changes[label.value].category, "type": changes[label.value].type})
        if label.value in changes
        else label
        for label in labels
    ]
    project.labels = [label.model_dump(mode="json") for label in updated]
    audit.record(
        session,
        user_id=user.id,
        action="project.seg_codes",
        target_type="project",
        target_id=project.id,
        details={"labels": [item.model_dump(mode="json") for item in body.labels]},
    )
    session.commit()
    return [_read(coding) for coding in project_codings(project.labels)]
