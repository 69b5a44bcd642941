"""Property-based test of the whole API: Schemathesis drives every operation of the OpenAPI document against the
real app on Postgres, as each of the three demo roles and anonymously, with valid and invalid inputs.

What it proves: no input makes the server answer 5xx, and every response (errors included) has exactly the status
and the shape the document promises. So the document is true, and a client generated from it can rely on it.

How it stays bounded: a fixed number of examples per operation and role, derandomised (the same cases on every
run, so a failure reproduces), without Hypothesis' shrinking phase. Path parameters that Schemathesis generates as
valid UUIDs are replaced by real ids of the demo project (the project, a patient, a round, an annotation, a user),
so the fuzzed bodies reach the services instead of stopping at a 404; invalid ones are kept to test the 422 path.

No operation is left out. Some cannot do their real work here, and that is fine for this property: starting a
round or a simulation only queues a job (no worker runs in this test), uploads receive random bytes (every one
must be refused with a 4xx), and logout / password changes end the session they are called with (later examples
of that operation then get 401, which is documented).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from backend.main import app as schema_app
from tests.conftest import DEMO_PASSWORD, migrated_database

pytestmark = pytest.mark.postgres

# RADLOOP_FUZZ_EXAMPLES raises the bound for a longer exploratory run; `make test` uses the default.
EXAMPLES_PER_OPERATION = int(os.environ.get("RADLOOP_FUZZ_EXAMPLES", "15"))
ROLES = ("admin", "lead", "radiologist", "anonymous")
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261130,
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
        },
    }
)
schema = schemathesis.openapi.from_dict(schema_app.openapi(), config=CONFIG)


@dataclass
class FuzzEnv:
    app: FastAPI
    headers: dict[str, dict[str, str]]
    # path parameter name -> a real id of the demo project's data
    ids: dict[str, str]


def _login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def fuzz_env(session_tmp: Path) -> Iterator[FuzzEnv]:
    """The demo project on a fresh Postgres database, a round queued on it, and a token per role."""
    with migrated_database("postgres", session_tmp / f"fuzz-{uuid.uuid4().hex[:6]}"):
        from backend import demo
        from backend.db.session import session_scope
        from backend.main import create_app
        from backend.models import Annotation, Patient
        from backend.models.user import Role
        from backend.user import service as user_service

        with session_scope() as session:
            project = demo.seed(session).project
            project_id = str(project.id)
            patient = session.query(Patient).filter_by(project_id=project.id).order_by(Patient.external_id).first()
            annotation = session.query(Annotation).filter_by(patient_id=patient.id).first() if patient else None
            annotation = annotation or session.query(Annotation).first()
            # Operations on /admin/users/{user_id} change or lock the account: fuzz them on a bystander, so the
            # three logged-in roles keep working for the rest of the run.
            target = user_service.create(
                session, username="fuzz-target", password="fuzz-target-password-0193", role=Role.radiologist
            )
            assert patient is not None and annotation is not None
            ids = {
                "project_id": project_id,
                "patient_id": str(patient.id),
                "annotation_id": str(annotation.id),
                "user_id": str(target.id),
            }
        app = create_app()
        with TestClient(app) as client:
            headers = {role: _login(client, role) for role in ROLES if role != "anonymous"}
            headers["anonymous"] = {}
            started = client.post(f"/api/projects/{project_id}/rounds", json={}, headers=headers["lead"])
            assert started.status_code == 202, started.text
            ids["round_id"] = started.json()["id"]
        yield FuzzEnv(app=app, headers=headers, ids=ids)


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_answers_as_documented(case: schemathesis.Case, role: str, fuzz_env: FuzzEnv) -> None:
    if case.path_parameters:
        for name, value in list(case.path_parameters.items()):
            if name in fuzz_env.ids and _is_uuid(value):
                case.path_parameters[name] = fuzz_env.ids[name]
    response = case.call(app=fuzz_env.app, headers=fuzz_env.headers[role])
    case.validate_response(response, checks=CHECKS)
