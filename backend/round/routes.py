from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request, Response

from backend.core.keyset import PAGED
from backend.core.pagination import Page, set_next, take_page
from backend.core.types import TextBool
from backend.deps import CurrentUser, LeadOrAdmin, SessionDep
from backend.jobs.enqueue import try_dispatch
from backend.jobs.names import ROUND_RUN
from backend.project import access as project_access
from backend.round import service
from backend.round.schemas import RoundApprove, RoundCreate, RoundRead, ScoreRead

router = APIRouter(tags=["rounds"])


@router.get("/projects/{project_id}/rounds", response_model=list[RoundRead])
def list_rounds(project_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[RoundRead]:
    """The project's rounds, newest first, with job progress."""
    project_access.get_for_user(session, project_id, user)
    return [service.to_read(session, found) for found in service.list_for_project(session, project_id)]


@router.post("/projects/{project_id}/rounds", response_model=RoundRead, status_code=202)
def start_round(project_id: uuid.UUID, body: RoundCreate, session: SessionDep, user: LeadOrAdmin) -> RoundRead:
    """Start an active-learning round; it runs on a worker and this call returns at once."""
    project = project_access.get_for_user(session, project_id, user)
    new_round, job = service.start(
        session,
        project=project,
        user=user,
        strategy=body.strategy,
        batch_size=body.batch_size,
        config={"epochs": body.epochs} if body.epochs else None,
    )
    session.commit()
    try_dispatch(session, ROUND_RUN, job.id)
    session.commit()
    return service.to_read(session, new_round)


@router.get("/rounds/{round_id}", response_model=RoundRead)
def get_round(round_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> RoundRead:
    """One round with its progress and metrics."""
    found = service.get_or_raise(session, round_id)
    project_access.get_for_user(session, found.project_id, user)
    return service.to_read(session, found)


@router.get(
    "/rounds/{round_id}/scores",
    response_model=list[ScoreRead],
    responses={**PAGED, 400: {"description": "A cursor this list did not return"}},
)
def get_scores(
    round_id: uuid.UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
    page: Page,
    selected: TextBool | None = Query(
        default=None, description="only the patients the round selected (true) or only the others (false)"
    ),
) -> list[ScoreRead]:
    """The round's scored patients in rank order with the strategy's components, a page at a time (``limit``, and
    the ``cursor`` of the previous page's ``X-Next-Cursor`` header)."""
    found = service.get_or_raise(session, round_id)
    project_access.get_for_user(session, found.project_id, user)
    rows = service.scores(session, found, selected=selected, after=page.after(service.SCORE_KEY), limit=page.limit + 1)
    items, more = take_page(rows, page)
    set_next(request, response, items[-1].key if more else None)
    return [item.read for item in items]


@router.post("/rounds/{round_id}/cancel", response_model=RoundRead, responses={409: {"description": "Not running"}})
def cancel_round(round_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> RoundRead:
    """Cancel a running, in-review or ready round; a running worker stops at its next epoch."""
    found = service.get_or_raise(session, round_id)
    project_access.get_for_user(session, found.project_id, user)
    service.cancel(session, found, user)
    session.commit()
    return service.to_read(session, found)


@router.post(
    "/rounds/{round_id}/retry",
    response_model=RoundRead,
    status_code=202,
    responses={409: {"description": "Not failed or cancelled, or not the latest round"}},
)
def retry_round(round_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin) -> RoundRead:
    """Run a failed or cancelled round again with a fresh job; returns at once like starting a round."""
    found = service.get_or_raise(session, round_id)
    project_access.get_for_user(session, found.project_id, user)
    _, job = service.retry(session, found, user)
    session.commit()
    try_dispatch(session, ROUND_RUN, job.id)
    session.commit()
    return service.to_read(session, found)


@router.post(
    "/rounds/{round_id}/approve",
    response_model=RoundRead,
    responses={
        409: {"description": "Not in review, or the selection costs more than the remaining budget"},
        422: {"description": "A chosen patient is not an unlabelled pool patient scored in this round"},
    },
)
def approve_round(
    round_id: uuid.UUID, session: SessionDep, user: LeadOrAdmin, body: RoundApprove | None = None
) -> RoundRead:
    """Publish a round in review to the queue, with its proposed selection or the lead's changed one."""
    found = service.get_or_raise(session, round_id)
    project_access.get_for_user(session, found.project_id, user)
    service.approve(session, found, user, body.patient_ids if body is not None else None)
    session.commit()
    return service.to_read(session, found)
