"""Expected access for every API route, role and project ownership: the table behind test_rbac_matrix.py.

Every route in ``app.openapi()["paths"]`` needs a row in RULES, keyed ``"METHOD /api/path"`` (the path exactly as
OpenAPI spells it). A route without a row fails the test, and so does a row without a route. To add a route, append
a row at the END of RULES using one of the helpers below, e.g.::

    "GET /api/projects/{project_id}/things": member(),             # any member of the project, admins everywhere
    "POST /api/projects/{project_id}/things": member(LEAD, json={"name": "x"}),
    "GET /api/admin/things": roles(ADMIN),                           # not project-scoped
    "GET /api/things/public": PUBLIC,

Outcomes: ALLOW means the request passed authentication and authorisation (any status but 401/403, and never a
5xx); 401 and 403 are exact. "own" is a project where the lead and the radiologist are members (the demo project),
"other" is one where they are not. Admins reach every project. Routes whose handler checks membership AFTER reading
the body need a valid sample body (``json=`` / ``form=`` / ``files=``), otherwise a 422 would hide the 403.

A new path parameter needs a resolver in PARAMS (append at the end): given the session and the project id the
request is about, return the value to put in the URL (an object of that project).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

ALLOW = "allow"
Outcome = str | int  # ALLOW, 401 or 403

ADMIN, LEAD, RADIOLOGIST = "admin", "lead", "radiologist"
ROLES = (ADMIN, LEAD, RADIOLOGIST)


@dataclass(frozen=True)
class Rule:
    """Expected outcome per caller; each role maps to (own project, other project)."""

    anonymous: Outcome
    access: dict[str, tuple[Outcome, Outcome]]
    json: Any = None
    form: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def member(*allowed: str, admin: bool = True, **body: Any) -> Rule:
    """Project-scoped: ``allowed`` roles (default lead and radiologist) on their own project; admins everywhere."""
    allowed_set = set(allowed or (LEAD, RADIOLOGIST))
    access: dict[str, tuple[Outcome, Outcome]] = {}
    for role in ROLES:
        if role == ADMIN:
            access[role] = (ALLOW, ALLOW) if admin else (403, 403)
        elif role in allowed_set:
            access[role] = (ALLOW, 403)
        else:
            access[role] = (403, 403)
    return Rule(anonymous=401, access=access, **body)


def roles(*allowed: str, **body: Any) -> Rule:
    """Not project-scoped: the listed roles get through, the others 403."""
    return Rule(
        anonymous=401,
        access={role: ((ALLOW, ALLOW) if role in allowed else (403, 403)) for role in ROLES},
        **body,
    )


SIGNED_IN = roles(*ROLES)
PUBLIC = Rule(anonymous=ALLOW, access=dict.fromkeys(ROLES, (ALLOW, ALLOW)))
TINY_NIFTI = ("mask.nii.gz", b"not-a-nifti", "application/gzip")

RULES: dict[str, Rule] = {
    # walking skeleton
    "GET /api/health": PUBLIC,
    "POST /api/auth/login": PUBLIC,
    "POST /api/auth/logout": SIGNED_IN,
    "GET /api/auth/me": SIGNED_IN,
    "GET /api/projects": SIGNED_IN,
    "GET /api/projects/{project_id}": member(),
    "PATCH /api/projects/{project_id}/budget": member(LEAD, json={}),
    "PATCH /api/projects/{project_id}/settings": member(LEAD, json={}),
    "GET /api/projects/{project_id}/patients": member(),
    "POST /api/projects/{project_id}/imports": member(LEAD, files={"files": ("x.png", b"junk", "image/png")}),
    "GET /api/patients/{patient_id}": member(),
    "PATCH /api/patients/{patient_id}": member(LEAD, json={"split": "pool"}),
    "GET /api/patients/{patient_id}/volume": member(),
    "GET /api/patients/{patient_id}/prediction": member(),
    "GET /api/patients/{patient_id}/uncertainty": member(),
    "POST /api/patients/{patient_id}/annotations": member(LEAD, RADIOLOGIST, admin=False, files={"mask": TINY_NIFTI}),
    "GET /api/patients/{patient_id}/annotations": member(),
    "GET /api/annotations/{annotation_id}/mask": member(),
    "GET /api/projects/{project_id}/rounds": member(),
    # The body is validated before membership (an unknown strategy is a 422): a valid one queues a round, so the
    # matrix test calls this route after the other writes.
    "POST /api/projects/{project_id}/rounds": member(LEAD, json={}),
    "GET /api/rounds/{round_id}": member(),
    "GET /api/rounds/{round_id}/scores": member(),
    "GET /api/queue": roles(LEAD, RADIOLOGIST),
    # issue 6: project lead and admin
    "POST /api/projects": roles(ADMIN, LEAD, json={}),
    "GET /api/projects/{project_id}/ledger": member(LEAD),
    "GET /api/projects/{project_id}/members": member(LEAD),
    "PUT /api/projects/{project_id}/members": member(LEAD, json={"members": [{"user_id": str(uuid.UUID(int=0))}]}),
    "GET /api/projects/{project_id}/export": member(LEAD),
    "GET /api/projects/{project_id}/dashboard": member(LEAD),
    "GET /api/admin/users": roles(ADMIN),
    "POST /api/admin/users": roles(ADMIN, json={}),
    "PATCH /api/admin/users/{user_id}": roles(ADMIN, json={}),
    "POST /api/admin/users/{user_id}/password": roles(ADMIN, json={}),
    "GET /api/admin/audit": roles(ADMIN),
    "GET /api/users": roles(ADMIN, LEAD),
    # issue 4: durable rounds on workers
    "POST /api/rounds/{round_id}/cancel": member(LEAD),
    "POST /api/rounds/{round_id}/retry": member(LEAD),
    "GET /api/admin/health": roles(ADMIN),
    # issue 5: radiologist workstation (reservations, skips, drafts, annotation list for the lead)
    "POST /api/patients/{patient_id}/reservation": member(admin=False),
    "DELETE /api/patients/{patient_id}/reservation": member(admin=False),
    "POST /api/patients/{patient_id}/skip": member(admin=False, json={"reason": "other"}),
    "GET /api/projects/{project_id}/skips": member(LEAD),
    "POST /api/patients/{patient_id}/skip/resolve": member(LEAD),
    "PUT /api/patients/{patient_id}/draft": member(admin=False, files={"mask": ("d.nii", b"x", "application/gzip")}),
    "GET /api/patients/{patient_id}/draft": member(admin=False),
    "GET /api/patients/{patient_id}/draft/mask": member(admin=False),
    "DELETE /api/patients/{patient_id}/draft": member(admin=False),
    "GET /api/projects/{project_id}/annotations": member(LEAD),
    # issue 6: the simulated random-selection baseline (lead and admin)
    "POST /api/projects/{project_id}/simulations/random": member(LEAD, json={}),
    "GET /api/projects/{project_id}/simulations/random": member(LEAD),
    "POST /api/projects/{project_id}/simulations/random/cancel": member(LEAD),
    # issue 15: the backbone pre-trained in the background at import (lead and admin)
    "GET /api/projects/{project_id}/pretraining": member(LEAD),
    # issue 6: the lead approves a round's selection (projects without auto-publish)
    "POST /api/rounds/{round_id}/approve": member(LEAD),
    # issue 11: the lead's explicit, audited correction of ground truth
    "POST /api/patients/{patient_id}/ground-truth": member(LEAD, form={"reason": "r"}, files={"mask": TINY_NIFTI}),
    # issue 11: revocable sessions, own password change
    "POST /api/auth/password": roles(*ROLES, json={}),
    "GET /api/auth/sessions": SIGNED_IN,
    # issue 13: the strategy catalogue, one source for the API and the frontend
    "GET /api/strategies": SIGNED_IN,
    # issue 14: the lead-only, audited map from a pseudonym back to the real identity
    "GET /api/projects/{project_id}/patients/{patient_id}/identity": member(LEAD),
    # issue 14: the project's PACS (connection, QIDO-RS search, import jobs), leads and admins only
    "GET /api/projects/{project_id}/pacs": member(LEAD),
    "PUT /api/projects/{project_id}/pacs": member(LEAD, json={"base_url": "http://127.0.0.1:9/dicom-web"}),
    "DELETE /api/projects/{project_id}/pacs": member(LEAD),
    "POST /api/projects/{project_id}/pacs/verify": member(LEAD),
    "GET /api/projects/{project_id}/pacs/studies": member(LEAD),
    "GET /api/projects/{project_id}/pacs/studies/{study_uid}/series": member(LEAD),
    "POST /api/projects/{project_id}/pacs/imports": member(LEAD, json={"studies": [{"study_uid": "1.2.3"}]}),
    "GET /api/projects/{project_id}/pacs/imports": member(LEAD),
    "GET /api/projects/{project_id}/pacs/imports/{job_id}": member(LEAD),
    "POST /api/projects/{project_id}/pacs/imports/{job_id}/cancel": member(LEAD),
    # DICOM SEG of the accepted label (issue 14)
    "GET /api/projects/{project_id}/patients/{patient_id}/seg": member(LEAD),
    "POST /api/projects/{project_id}/patients/{patient_id}/seg/send": member(LEAD),
    "GET /api/projects/{project_id}/seg/codes": member(LEAD),
    "PUT /api/projects/{project_id}/seg/codes": member(LEAD, json={"labels": [{"value": 1}]}),
    # the browser's "is anyone logged in?" probe: an answer for everyone, never a 401 (issue 15)
    "GET /api/auth/session": PUBLIC,
    # review (issue 17): leads and admins review; a radiologist only where the lead marked them reviewer
    "GET /api/reviews": SIGNED_IN,
    "GET /api/patients/{patient_id}/review": member(LEAD),
    "POST /api/patients/{patient_id}/review/accept": member(LEAD, form={"review_time_s": "1"}),
    "POST /api/patients/{patient_id}/review/return": member(LEAD, json={"comment": "fix the boundary"}),
    "GET /api/queue/returned": roles(LEAD, RADIOLOGIST),
}


# --- path parameters -------------------------------------------------------------------------------------------


def _first(session: Session, query: Any) -> str:
    value = session.scalar(query.limit(1))
    if value is None:
        raise LookupError(f"RBAC world has no row for {query}")
    return str(value)


def _project(session: Session, project_id: uuid.UUID) -> str:
    return str(project_id)


def _patient(session: Session, project_id: uuid.UUID) -> str:
    """The case the project's published round offers (readers may annotate only such a case), else the first."""
    from backend.models import Patient, Round, Score

    offered = (
        select(Score.patient_id)
        .join(Round, Round.id == Score.round_id)
        .where(Round.project_id == project_id, Round.status.in_(("ready", "annotating")), Score.selected)
    )
    found = session.scalar(offered.limit(1))
    if found is not None:
        return str(found)
    return _first(session, select(Patient.id).where(Patient.project_id == project_id).order_by(Patient.external_id))


def _round(session: Session, project_id: uuid.UUID) -> str:
    from backend.models import Round

    return _first(session, select(Round.id).where(Round.project_id == project_id).order_by(Round.number))


def _annotation(session: Session, project_id: uuid.UUID) -> str:
    from backend.models import Annotation, Patient

    return _first(
        session,
        select(Annotation.id)
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project_id),
    )


def _user(session: Session, project_id: uuid.UUID) -> str:
    """A throw-away account, so that deactivating or demoting it never locks the test's callers out."""
    from backend.models import User

    return _first(session, select(User.id).where(User.username == "rbac-target"))


def _pacs_import_job(session: Session, project_id: uuid.UUID) -> str:
    """The project's PACS import job when it has one; otherwise an unknown id (a 404 is still past the role check)."""
    from backend.models import Job

    found = session.scalar(select(Job.id).where(Job.project_id == project_id, Job.kind == "pacs_import").limit(1))
    return str(found or uuid.uuid4())


PARAMS: dict[str, Callable[[Session, uuid.UUID], str]] = {
    "project_id": _project,
    "patient_id": _patient,
    "round_id": _round,
    "annotation_id": _annotation,
    "user_id": _user,
    "study_uid": lambda _session, _project_id: "1.2.826.0.1.3680043.8.498.1",  # any UID: the PACS is asked later
    "job_id": _pacs_import_job,
}
