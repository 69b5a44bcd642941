from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile

from backend.audit import service as audit
from backend.core.config import get_settings
from backend.core.errors import NotFound
from backend.core.keyset import PAGED
from backend.core.openapi import BLOB_RESPONSES, GzipResponse
from backend.core.pagination import Page, set_next, take_page
from backend.core.types import Parsed, SafeText, TextBool
from backend.deid.identity import find_identity
from backend.deid.schemas import PatientIdentityRead
from backend.deps import CurrentUser, LeadOrAdmin, SessionDep
from backend.ingest.plan import plan_import
from backend.models import Patient, Prediction
from backend.models.patient import Split
from backend.patient import importer, masks, preview, service
from backend.patient.schemas import ImportResult, PatientDetail, PatientSummary, PatientUpdate
from backend.pretraining import service as pretraining
from backend.project import access as project_access
from backend.project.schemas import PatientState
from backend.storage import blobs
from backend.storage.responses import blob_response
from backend.storage.uploads import save_uploads

router = APIRouter(tags=["patients"])

# Round numbers are small; the bound keeps a huge one a 422 rather than an integer overflow in the database.
MAX_ROUND = 2**31 - 1


@router.get(
    "/projects/{project_id}/patients",
    response_model=list[PatientSummary],
    responses={**PAGED, 400: {"description": "The project has no round of that number, or a cursor it did not return"}},
)
def list_patients(
    project_id: uuid.UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
    page: Page,
    q: SafeText | None = Query(
        default=None, min_length=1, max_length=128, description="part of the external id (pseudonym), any case"
    ),
    split: Parsed[Split] | None = Query(default=None, description="only pool or only validation patients"),
    state: Parsed[PatientState] | None = Query(default=None, description="only patients in this state"),
    round_number: int | None = Query(
        default=None, alias="round", ge=1, le=MAX_ROUND, description="only the patients this round selected"
    ),
) -> list[PatientSummary]:
    """The project's patients with split, state and annotation version, ordered by external id, a page at a time
    (``limit``, and the ``cursor`` of the previous page's ``X-Next-Cursor`` header); every filter is optional and
    they combine (AND), with each other and with the cursor. The filtering happens in the database."""
    project_access.get_for_user(session, project_id, user)
    filters = service.PatientFilters(search=q, split=split, state=state, round_number=round_number)
    after = page.after([str])
    rows = service.list_for_project(
        session, project_id, filters, after=after[0] if after else None, limit=page.limit + 1
    )
    items, more = take_page(rows, page)
    set_next(request, response, (items[-1].external_id,) if more else None)
    return items


@router.post("/projects/{project_id}/imports", response_model=ImportResult, status_code=201)
def import_files(
    project_id: uuid.UUID,
    session: SessionDep,
    user: LeadOrAdmin,
    files: list[UploadFile],
    labels: list[UploadFile] | None = None,
    split: Annotated[Parsed[Split], Form()] = Split.pool,
    reference_labels: Annotated[
        TextBool,
        Form(
            description="Store the labels as hidden ground truth (for the simulated random baseline), not annotations"
        ),
    ] = False,
) -> ImportResult:
    """Import DICOM files / zip, NIfTI or 2D images (with optional label files) as new patients.

    With ``reference_labels`` the labels are kept as hidden reference labels: the patients stay unlabelled in the
    pool, and no route ever returns those labels (they only feed the simulated random-selection baseline).
    """
    project = project_access.get_for_user(session, project_id, user)
    limit = get_settings().max_import_bytes
    workdir = Path(tempfile.mkdtemp(prefix="import-", dir=blobs.root()))
    try:
        image_paths, counted = save_uploads(files, workdir / "files", limit)
        label_paths, _ = save_uploads(labels or [], workdir / "labels", limit, counted=counted)
        plans = plan_import(image_paths, label_paths, workdir=workdir / "extracted", verify=False)
        with importer.removing_blobs_on_failure() as written:  # the commit too: a failed one leaves no blob
            patients = importer.import_patients(
                session,
                project=project,
                plans=plans,
                split=split,
                reference_labels=reference_labels,
                written=written,
            )
            references = service.count_reference_labels(session, [p.id for p in patients])
            audit.record(
                session,
                user_id=user.id,
                action="project.import",
                target_type="project",
                target_id=project.id,
                details={"patients": [p.external_id for p in patients], "reference_labels": references},
            )
            pretraining_job = pretraining.schedule(session, project)
            session.commit()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    pretraining.dispatch(session, pretraining_job)
    return ImportResult(
        patients=service.summaries(session, project.id, [p.id for p in patients]),
        reference_labels=references,
    )


@router.get("/patients/{patient_id}", response_model=PatientDetail)
def get_patient(patient_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> PatientDetail:
    """One patient with its volume geometry and what is available to show: ``masks`` says which drawings exist for
    the caller (their draft, the accepted version, the prediction) and which one a viewer starts from."""
    patient, project = service.get_for_user(session, patient_id, user)
    audit.record(session, user_id=user.id, action="patient.view", target_type="patient", target_id=patient.id)
    session.commit()
    accepted = service.accepted_annotation(session, patient)
    prediction = service.latest_prediction(session, patient.id)
    case_masks = masks.for_viewer(session, patient, user, accepted=accepted, prediction=prediction)
    return service.detail(session, patient, project, case_masks, annotation=accepted, prediction=prediction)


@router.patch("/patients/{patient_id}", response_model=PatientSummary)
def update_patient(
    patient_id: uuid.UUID, body: PatientUpdate, session: SessionDep, user: LeadOrAdmin
) -> PatientSummary:
    """Move a patient between the pool and the validation set."""
    patient, project = service.get_for_user(session, patient_id, user)
    service.set_split(session, patient, body.split)
    session.commit()
    return service.summaries(session, project.id, [patient.id])[0]


@router.get("/patients/{patient_id}/volume", response_class=GzipResponse, responses=BLOB_RESPONSES)
def get_volume(
    patient_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    level: Annotated[
        Parsed[preview.VolumeLevel],
        Query(description="full: the stored volume; preview: every n-th voxel (see backend.patient.preview)"),
    ] = preview.VolumeLevel.full,
) -> Response:
    """The patient's image volume as gzipped NIfTI, or (``level=preview``) its downsampled preview, whose affine
    puts each voxel where the full volume has it. Both are audited as ``patient.volume.read`` (with the level)."""
    patient, _ = service.get_for_user(session, patient_id, user)
    volume = service.primary_volume(session, patient)
    key, sha256, filename = volume.storage_key, volume.sha256, "image.nii.gz"
    details = {"volume_id": str(volume.id), "sha256": volume.sha256}
    if level == preview.VolumeLevel.preview:
        key, sha256 = preview.ensure(volume)
        filename = "image-preview.nii.gz"
        details = {**details, "level": str(level), "preview_sha256": sha256}
    return blob_response(
        request,
        session,
        key=key,
        sha256=sha256,
        filename=filename,
        user_id=user.id,
        patient_id=patient.id,
        action="patient.volume.read",
        details=details,
    )


@router.get("/patients/{patient_id}/prediction", response_class=GzipResponse, responses=BLOB_RESPONSES)
def get_prediction(patient_id: uuid.UUID, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The latest model prediction (label values) as gzipped NIfTI."""
    patient, _ = service.get_for_user(session, patient_id, user)
    prediction = service.latest_prediction(session, patient.id)
    if prediction is None:
        raise NotFound("No prediction for this patient yet")
    return blob_response(
        request,
        session,
        key=prediction.mask_key,
        sha256=prediction.mask_sha256,
        filename="prediction.nii.gz",
        user_id=user.id,
        patient_id=patient.id,
        action="patient.prediction.read",
        details=_prediction_details(prediction, prediction.mask_sha256),
    )


@router.get("/patients/{patient_id}/uncertainty", response_class=GzipResponse, responses=BLOB_RESPONSES)
def get_uncertainty(patient_id: uuid.UUID, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The voxel uncertainty map behind the patient's score, as gzipped NIfTI."""
    patient, _ = service.get_for_user(session, patient_id, user)
    prediction = service.latest_prediction(session, patient.id)
    if prediction is None or prediction.uncertainty_key is None:
        raise NotFound("No uncertainty map for this patient yet")
    return blob_response(
        request,
        session,
        key=prediction.uncertainty_key,
        sha256=prediction.uncertainty_sha256,
        filename="uncertainty.nii.gz",
        user_id=user.id,
        patient_id=patient.id,
        action="patient.uncertainty.read",
        details=_prediction_details(prediction, prediction.uncertainty_sha256),
    )


def _prediction_details(prediction: Prediction, sha256: str | None) -> dict[str, str | None]:
    return {
        "prediction_id": str(prediction.id),
        "round_id": str(prediction.round_id),
        "model_version_id": str(prediction.model_version_id),
        "sha256": sha256,
    }


@router.get("/projects/{project_id}/patients/{patient_id}/identity", response_model=PatientIdentityRead)
def get_identity(
    project_id: uuid.UUID, patient_id: uuid.UUID, response: Response, session: SessionDep, user: LeadOrAdmin
) -> PatientIdentityRead:
    """The real PatientID and PatientName behind a de-identified patient's pseudonym, and its date shift.

    Leads of the project and admins only; every answered look is audited (``patient.identity.read``, naming who
    looked at which patient, never the identity itself). 404 for a patient that was not de-identified (NIfTI or
    2D images, or imported while the project's de-identification was off).
    """
    project = project_access.get_for_user(session, project_id, user)
    patient = session.get(Patient, patient_id)
    if patient is None or patient.project_id != project.id:
        raise NotFound(f"Patient {patient_id} not found in this project")
    identity = find_identity(session, patient)
    if identity is None:
        raise NotFound(f"Patient {patient.external_id} was not de-identified: its external id is its own name")
    audit.record(session, user_id=user.id, action="patient.identity.read", target_type="patient", target_id=patient.id)
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    return PatientIdentityRead(
        real_patient_id=identity.real_patient_id,
        real_patient_name=identity.real_patient_name,
        date_shift_days=identity.date_shift_days,
    )
