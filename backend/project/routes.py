from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from backend.budget import ledger, update
from backend.core.errors import BadInput
from backend.core.keyset import PAGED
from backend.core.openapi import ZipResponse
from backend.core.pagination import Page, set_next
from backend.deps import CurrentUser, LeadOrAdmin, SessionDep
from backend.project import access, crud, export, members, settings, summary
from backend.project.schemas import (
    BudgetUpdate,
    LedgerRead,
    MemberRead,
    MembersUpdate,
    ProjectCreate,
    ProjectRead,
    SettingsUpdate,
    to_cents,
)

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("", response_model=list[ProjectRead])
def list_projects(session: SessionDep, user: CurrentUser) -> list[ProjectRead]:
    """Projects the caller can see (admins see all)."""
    return [summary.to_read(session, project) for project in access.list_for_user(session, user)]


@router.post("", response_model=ProjectRead, status_code=201)
def create_project(body: ProjectCreate, session: SessionDep, user: LeadOrAdmin) -> ProjectRead:
    """Create a project (labels with colours, flat or per-slice cost, total budget in currency or in cases)."""
    if (body.budget_total is None) == (body.budget_cases is None):
        raise BadInput("Give the total budget either in currency (budget_total) or in cases (budget_cases)")
    if body.budget_cases is not None and body.cost_mode != "flat":
        # A case's cost depends on its slices (or predicted reading time), and no patient is imported yet.
        raise BadInput(
            "With cost by volume size or reading time, give the total budget in currency (budget_total), not in cases"
        )
    cost = to_cents(body.cost_per_patient)
    total = to_cents(body.budget_total) if body.budget_total is not None else cost * (body.budget_cases or 0)
    project = crud.create(
        session,
        name=body.name.strip(),
        modality=body.modality.strip(),
        labels=[label.model_dump() for label in body.labels],
        cost_per_patient_cents=cost,
        budget_total_cents=total,
        strategy=body.strategy,
        batch_size=body.batch_size,
        created_by=user,
        cost_mode=body.cost_mode,
        cost_per_slice_cents=to_cents(body.cost_per_slice),
        auto_publish=body.auto_publish,
        cost_per_hour_cents=to_cents(body.cost_per_hour),
        deidentify=body.deidentify,
        currency=body.currency,
        assign_radiologists=body.assign_radiologists,
    )
    session.commit()
    return summary.to_read(session, project)


@router.get("/{project_id}", response_model=ProjectRead)
def get_project(project_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ProjectRead:
    """One project with its budget, counts and running round."""
    return summary.to_read(session, access.get_for_user(session, project_id, user))


@router.patch("/{project_id}/budget", response_model=ProjectRead)
def update_budget(project_id: uuid.UUID, body: BudgetUpdate, session: SessionDep, user: LeadOrAdmin) -> ProjectRead:
    """Set how patients are priced (flat, by volume size or by predicted reading time), the currency (ISO 4217;
    amounts are not converted) and/or the total budget; audited, totals in the ledger."""
    project = access.get_for_user(session, project_id, user)
    update.update_budget(
        session,
        project=project,
        user=user,
        cost_per_patient_cents=to_cents(body.cost_per_patient) if body.cost_per_patient is not None else None,
        total_cents=to_cents(body.budget_total) if body.budget_total is not None else None,
        cost_mode=body.cost_mode,
        cost_per_slice_cents=to_cents(body.cost_per_slice) if body.cost_per_slice is not None else None,
        cost_per_hour_cents=to_cents(body.cost_per_hour) if body.cost_per_hour is not None else None,
        currency=body.currency,
    )
    session.commit()
    return summary.to_read(session, project)


@router.patch("/{project_id}/settings", response_model=ProjectRead)
def update_settings(project_id: uuid.UUID, body: SettingsUpdate, session: SessionDep, user: LeadOrAdmin) -> ProjectRead:
    """Choose the strategy, batch size and selection objective of the next round, whether its selection needs the
    lead's approval, the forecast's target Dice and stop threshold (an explicit null clears those two), whether
    DICOM imports are de-identified (409 when turning it off while de-identified patients exist), whether masks
    are reviewed before they become ground truth, and what share of read cases a second reader reads (which, and how
    their reads are combined for the reviewer)."""
    project = access.get_for_user(session, project_id, user)
    sent = body.model_fields_set
    settings.update_settings(
        session,
        project=project,
        user=user,
        strategy=body.strategy,
        batch_size=body.batch_size,
        auto_publish=body.auto_publish,
        genesis_enabled=body.genesis_enabled,
        deidentify=body.deidentify,
        selection_objective=body.selection_objective,
        target_dice=body.target_dice if "target_dice" in sent else settings.KEEP,
        stop_gain_per_100=body.stop_gain_per_100 if "stop_gain_per_100" in sent else settings.KEEP,
        review_required=body.review_required,
        double_read_fraction=body.double_read_fraction,
        double_read_rule=body.double_read_rule,
        consensus_method=body.consensus_method,
    )
    session.commit()
    return summary.to_read(session, project)


@router.get(
    "/{project_id}/ledger",
    response_model=LedgerRead,
    responses={**PAGED, 400: {"description": "A cursor this list did not return"}},
)
def get_ledger(
    project_id: uuid.UUID, request: Request, response: Response, session: SessionDep, user: LeadOrAdmin, page: Page
) -> LedgerRead:
    """The debits and credits with who, when and why, newest first, a page of ``entries`` at a time (``limit``, and
    the ``cursor`` of the previous page's ``X-Next-Cursor`` header); every page also carries the remaining budget,
    the whole ledger's credits and debits, and its burn-down series."""
    project = access.get_for_user(session, project_id, user)
    found = ledger.statement(session, project, after=page.after(ledger.KEY), limit=page.limit)
    set_next(request, response, found.next_key)
    return found.read


@router.get("/{project_id}/members", response_model=list[MemberRead])
def get_members(project_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> list[MemberRead]:
    """The project's readers with their quotas and how many patients each has annotated."""
    return members.list_members(session, access.get_for_user(session, project_id, user))


@router.put("/{project_id}/members", response_model=list[MemberRead])
def put_members(project_id: uuid.UUID, body: MembersUpdate, session: SessionDep, user: LeadOrAdmin) -> list[MemberRead]:
    """Replace the assigned readers and their per-reader quotas (patients; null means no limit)."""
    project = access.get_for_user(session, project_id, user)
    members.set_members(session, project=project, user=user, assignments=body.members)
    session.commit()
    return members.list_members(session, project)


@router.get("/{project_id}/export", response_class=ZipResponse)
def export_labels(
    project_id: uuid.UUID,
    session: SessionDep,
    user: LeadOrAdmin,
    export_format: Annotated[
        export.ExportFormat,
        Query(alias="format", description="nifti: masks + manifest; nnunet: nnU-Net v2 dataset; msd: MSD task"),
    ] = export.ExportFormat.nifti,
    dataset_id: Annotated[int, Query(ge=1, le=999, description="nnunet/msd: the dataset or task number")] = 500,
    include_reads: Annotated[
        bool, Query(description="nifti: also each reader's read and the consensus of reviewed cases (reads.csv)")
    ] = False,
) -> Response:
    """The latest mask of every annotated patient as a zip of NIfTI files with a manifest, or (``format``) a
    training dataset: nnU-Net v2 ``DatasetXXX_Name`` or MSD ``TaskXX_Name`` with imagesTr/labelsTr (accepted
    annotations only), imagesTs (unlabelled patients) and dataset.json; case names are pseudonyms."""
    project = access.get_for_user(session, project_id, user)
    name = "".join(c if c.isascii() and c.isalnum() else "-" for c in project.name).strip("-") or "project"
    # Written to a temporary file and streamed from it: the export's memory does not grow with the project.
    with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as handle:
        target = Path(handle.name)
    try:
        if export_format == export.ExportFormat.nifti:
            export.export_labels(session, project=project, user=user, target=target, include_reads=include_reads)
        else:
            export.export_dataset(
                session, project=project, user=user, fmt=export_format, dataset_id=dataset_id, target=target
            )
        session.commit()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    suffix = "labels" if export_format == export.ExportFormat.nifti else str(export_format)
    return FileResponse(
        target,
        media_type="application/zip",
        filename=f"{name}-{suffix}.zip",
        background=BackgroundTask(target.unlink, missing_ok=True),
    )
