"""RBAC matrix generated from the app's route list: every route × caller × own/other project, per rbac_rules.py."""

from __future__ import annotations

import re
import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.main import create_app
from tests.backend.helpers import nifti_bytes
from tests.backend.rbac_rules import ALLOW, PARAMS, ROLES, RULES, Rule
from tests.conftest import login

METHODS = {"get", "post", "put", "patch", "delete"}


def app_routes() -> set[str]:
    # app.routes does not list lazily included routers in this FastAPI version; the OpenAPI schema does.
    paths = create_app().openapi()["paths"]
    return {f"{method.upper()} {path}" for path, item in paths.items() for method in item if method in METHODS}


def build_world(project_id: str) -> dict[str, uuid.UUID]:
    """The demo project is "own"; a second project nobody but admins can reach is "other"."""
    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, Project, Round, Score, Study, Volume
    from backend.models.user import Role
    from backend.project import crud as project_crud
    from backend.storage import blobs
    from backend.user import service as user_service

    image = nifti_bytes(np.zeros((2, 2, 2), dtype=np.int16))
    blobs.put_bytes("rbac/volume.nii.gz", image)
    blobs.put_bytes("rbac/mask.nii.gz", nifti_bytes(np.zeros((2, 2, 2), dtype=np.uint8)))
    with session_scope() as session:
        user_service.create(session, username="rbac-target", password="target-password", role=Role.radiologist)
        other = project_crud.create(
            session,
            name="RBAC other project",
            modality="CT",
            labels=[{"value": 1, "name": "lesion", "color": "#ff0000"}],
            cost_per_patient_cents=100,
            budget_total_cents=1000,
        )
        patient = Patient(project_id=other.id, external_id="other-1", split="pool", status="annotated")
        session.add(patient)
        session.flush()
        study = Study(patient_id=patient.id, description="")
        session.add(study)
        session.flush()
        volume = Volume(
            study_id=study.id,
            modality="CT",
            source_format="nifti",
            storage_key="rbac/volume.nii.gz",
            sha256="0" * 64,
            shape=[2, 2, 2],
            spacing=[1.0, 1.0, 1.0],
            affine=[[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0], [0, 0, 0, 1.0]],
            dtype="int16",
        )
        session.add(volume)
        session.flush()
        patient.primary_volume_id = volume.id
        session.add(
            Annotation(
                patient_id=patient.id,
                volume_id=volume.id,
                version=1,
                source="import",
                storage_key="rbac/mask.nii.gz",
                sha256="0" * 64,
            )
        )
        own = session.get(Project, uuid.UUID(project_id))
        assert own is not None
        for project in (own, other):
            session.add(Round(project_id=project.id, number=1, status="closed", strategy="random", batch_size=1))
        # The own project's published round offers one case, so readers' writes get past the annotation rules.
        offered = Round(project_id=own.id, number=2, status="ready", strategy="random", batch_size=1)
        session.add(offered)
        session.flush()
        case = session.scalar(
            select(Patient.id)
            .where(Patient.project_id == own.id, Patient.split == "pool", Patient.status == "unlabeled")
            .order_by(Patient.external_id)
        )
        assert case is not None
        session.add(Score(round_id=offered.id, patient_id=case, value=1.0, rank=1, selected=True))
        session.flush()
        return {"own": own.id, "other": other.id}


def resolve(path: str, project_id: uuid.UUID) -> str:
    from backend.db.session import session_scope

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PARAMS:
            raise AssertionError(f"No resolver for path parameter {{{name}}} in tests/backend/rbac_rules.py PARAMS")
        with session_scope() as session:
            return PARAMS[name](session, project_id)

    return re.sub(r"\{(\w+)\}", replace, path)


def call(client: TestClient, key: str, rule: Rule, url: str, headers: dict[str, str]) -> int:
    method = key.split(" ", 1)[0]
    client.cookies.clear()  # callers authenticate by bearer header only; login left a session cookie behind
    kwargs: dict[str, Any] = {"headers": headers}
    if rule.json is not None:
        kwargs["json"] = rule.json
    if rule.form is not None:
        kwargs["data"] = rule.form
    if rule.files is not None:
        kwargs["files"] = rule.files
    return client.request(method, url, **kwargs).status_code


def matches(expected: Any, status: int) -> bool:
    if status >= 500:
        return False
    if expected == ALLOW:
        return status not in (401, 403)
    return bool(status == expected)


class TestRuleTable:
    def test_every_route_has_a_rule_and_every_rule_a_route(self) -> None:
        routes = app_routes()
        assert sorted(routes - RULES.keys()) == [], "routes without an RBAC rule in tests/backend/rbac_rules.py"
        assert sorted(RULES.keys() - routes) == [], "RBAC rules for routes the app does not have"

    def test_only_login_health_and_the_session_probe_are_public(self) -> None:
        public = sorted(key for key, rule in RULES.items() if rule.anonymous != 401)
        assert public == ["GET /api/auth/session", "GET /api/health", "POST /api/auth/login"]


class TestMatrix:
    @pytest.fixture
    def world(self, client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
        projects = build_world(demo["project_id"])
        headers = {role: login(client, role) for role in ROLES}
        return {"projects": projects, "headers": headers}

    def test_every_route_role_and_project_gives_the_expected_outcome(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        mismatches: list[str] = []
        checked = 0
        # Mutating routes last, so that reads see the untouched world; among them user changes go last, and logout
        # (which ends the caller's session for good) very last. Starting a round closes the published one (its cases
        # are no longer offered, so drafts are refused): it goes after the other writes.
        starts_round = "POST /api/projects/{project_id}/rounds"
        order = sorted(
            RULES,
            key=lambda k: (k == "POST /api/auth/logout", not k.startswith("GET"), "/users" in k, k == starts_round, k),
        )
        for key in order:
            if key == "POST /api/auth/login":
                continue  # public by nature; exercised in test_auth.py
            rule = RULES[key]
            path = key.split(" ", 1)[1]
            scoped = "{" in path
            for ownership in ("own", "other") if scoped else ("own",):
                url = resolve(path, world["projects"][ownership])
                callers: list[tuple[str, dict[str, str], Any]] = [("anonymous", {}, rule.anonymous)]
                for role in ROLES:
                    callers.append((role, world["headers"][role], rule.access[role][0 if ownership == "own" else 1]))
                for caller, headers, expected in callers:
                    status = call(client, key, rule, url, headers)
                    checked += 1
                    if not matches(expected, status):
                        mismatches.append(f"{key} [{caller}, {ownership} project] expected {expected}, got {status}")
        assert mismatches == [], "\n".join(mismatches)
        assert checked >= 4 * len(RULES)
