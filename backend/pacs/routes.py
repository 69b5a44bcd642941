"""A project's PACS: connection settings, search, and import jobs. Leads and admins only: search results show real
patient identifiers, and the connection holds credentials."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from backend.core.errors import BadInput
from backend.core.types import Offset, SafeText
from backend.deps import LeadOrAdmin, SessionDep
from backend.jobs.enqueue import try_dispatch
from backend.jobs.names import PACS_IMPORT
from backend.pacs import service
from backend.pacs.schemas import (
    UID_PATTERN,
    IsoDate,
    PacsConnectionRead,
    PacsConnectionWrite,
    PacsImportCreate,
    PacsImportRead,
    PacsSeries,
    PacsStudy,
    PacsVerifyRead,
)
from backend.project import access as project_access

router = APIRouter(tags=["pacs"])

# The PACS could not be used (unreachable, refused the credentials, not DICOMweb): 422, see backend.pacs.client.
PACS_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "A parameter is invalid, or the project's PACS could not be used (error PacsUnavailable: "
        "unreachable, refused the credentials, or not a DICOMweb service; the detail says which)"
    }
}
NO_CONNECTION: dict[int | str, dict[str, Any]] = {404: {"description": "The project has no PACS connection"}}
StudyUid = Annotated[str, Path(min_length=1, max_length=64, pattern=UID_PATTERN)]


@router.get("/projects/{project_id}/pacs", response_model=PacsConnectionRead | None)
def get_connection(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> PacsConnectionRead | None:
    """The project's DICOMweb connection, or null when it has none (a normal state the project page asks about on
    every visit, so not an error); the password or token is never returned (``has_secret`` says whether one is
    stored)."""
    project_access.get_for_user(session, project_id, user)
    connection = service.get_connection(session, project_id)
    return service.to_read(connection) if connection is not None else None


@router.put("/projects/{project_id}/pacs", response_model=PacsConnectionRead)
def put_connection(
    project_id: uuid.UUID, body: PacsConnectionWrite, session: SessionDep, user: LeadOrAdmin
) -> PacsConnectionRead:
    """Create or replace the connection (audited, without the secret). Omit ``secret`` to keep the stored one."""
    project = project_access.get_for_user(session, project_id, user)
    connection = service.save_connection(session, project=project, user=user, body=body)
    session.commit()
    return service.to_read(connection)


@router.delete("/projects/{project_id}/pacs", status_code=204, responses=NO_CONNECTION)
def delete_connection(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> Response:
    """Forget the connection and its secret; what was imported stays."""
    project = project_access.get_for_user(session, project_id, user)
    service.delete_connection(session, project=project, user=user)
    session.commit()
    return Response(status_code=204)


@router.post("/projects/{project_id}/pacs/verify", response_model=PacsVerifyRead, responses=NO_CONNECTION)
def verify_connection(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> PacsVerifyRead:
    """Try the stored settings with one QIDO-RS query; ``ok`` false with the reason when the PACS cannot be used."""
    project_access.get_for_user(session, project_id, user)
    return service.verify(service.require_connection(session, project_id))


@router.get(
    "/projects/{project_id}/pacs/studies",
    response_model=list[PacsStudy],
    responses={**NO_CONNECTION, **PACS_UNAVAILABLE},
)
def search_studies(
    project_id: uuid.UUID,
    session: SessionDep,
    user: LeadOrAdmin,
    patient_id: SafeText | None = Query(default=None, min_length=1, max_length=64, description="exact PatientID"),
    accession: SafeText | None = Query(default=None, min_length=1, max_length=64, description="AccessionNumber"),
    modality: str | None = Query(default=None, pattern=r"^[A-Za-z0-9]{1,16}$", description="e.g. MR, CT"),
    date_from: IsoDate | None = Query(default=None, description="first study date, YYYY-MM-DD"),
    date_to: IsoDate | None = Query(default=None, description="last study date, YYYY-MM-DD"),
    description: SafeText | None = Query(
        default=None, min_length=1, max_length=64, description="part of the study description"
    ),
    limit: int = Query(default=50, ge=1, le=service.SEARCH_LIMIT_MAX),
    offset: Offset = 0,
) -> list[PacsStudy]:
    """Search the PACS (QIDO-RS) for studies; ``imported`` marks those already in the project."""
    project_access.get_for_user(session, project_id, user)
    if date_from is not None and date_to is not None and date_from > date_to:
        raise BadInput("date_from must not be after date_to")
    connection = service.require_connection(session, project_id)
    filters = service.StudyFilters(
        patient_id=patient_id,
        accession=accession,
        modality=modality,
        date_from=date_from,
        date_to=date_to,
        description=description,
    )
    return service.search_studies(session, connection=connection, filters=filters, limit=limit, offset=offset)


@router.get(
    "/projects/{project_id}/pacs/studies/{study_uid}/series",
    response_model=list[PacsSeries],
    responses={404: {"description": "No PACS connection, or the PACS has no such study"}, **PACS_UNAVAILABLE},
)
def list_series(project_id: uuid.UUID, study_uid: StudyUid, session: SessionDep, user: LeadOrAdmin) -> list[PacsSeries]:
    """The series of one study in the PACS; ``imported`` marks those already in the project."""
    project_access.get_for_user(session, project_id, user)
    connection = service.require_connection(session, project_id)
    return service.list_series(session, connection=connection, study_uid=study_uid)


@router.post(
    "/projects/{project_id}/pacs/imports",
    response_model=PacsImportRead,
    status_code=202,
    responses={**NO_CONNECTION, **PACS_UNAVAILABLE, 400: {"description": "A study or series is not in the PACS"}},
)
def start_import(
    project_id: uuid.UUID, body: PacsImportCreate, session: SessionDep, user: LeadOrAdmin
) -> PacsImportRead:
    """Import studies (every image series and its mask, or the listed series) on a worker (``cpu`` queue); returns
    the queued job at once. Series already in the project are skipped, so re-running an import is safe."""
    project = project_access.get_for_user(session, project_id, user)
    connection = service.require_connection(session, project_id)
    job = service.start_import(session, project=project, connection=connection, user=user, request=body)
    session.commit()
    try_dispatch(session, PACS_IMPORT, job.id)
    session.commit()
    session.refresh(job)
    return service.import_to_read(job)


@router.get("/projects/{project_id}/pacs/imports", response_model=list[PacsImportRead])
def list_imports(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> list[PacsImportRead]:
    """The project's latest PACS imports, newest first (poll one for its progress bar)."""
    project_access.get_for_user(session, project_id, user)
    return [service.import_to_read(job) for job in service.recent_imports(session, project_id)]


@router.get("/projects/{project_id}/pacs/imports/{job_id}", response_model=PacsImportRead)
def get_import(project_id: uuid.UUID, job_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> PacsImportRead:
    """One import: status, progress (``done_instances`` of ``total_instances``, ``percent``) and, when done, what it
    imported, skipped and could not import."""
    project_access.get_for_user(session, project_id, user)
    return service.import_to_read(service.get_import(session, project_id, job_id))


@router.post(
    "/projects/{project_id}/pacs/imports/{job_id}/cancel",
    response_model=PacsImportRead,
    responses={409: {"description": "The import has already ended"}},
)
def cancel_import(project_id: uuid.UUID, job_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> PacsImportRead:
    """Stop the import after the instance it is retrieving; patients already imported stay."""
    project = project_access.get_for_user(session, project_id, user)
    job = service.cancel_import(session, project=project, user=user, job_id=job_id)
    session.commit()
    return service.import_to_read(job)
