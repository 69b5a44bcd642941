"""Each bad input of issue 11 (items 8 and 9) as a plain example: a clear 4xx in the one error shape, nothing changed.

These are the cases the property-based test (test_api_fuzz.py) found or would find again, kept readable: NUL
bytes in text, integers past what the database can compare, and values that lax type coercion used to turn into
something else (``false`` into a budget of 0.00, ``0`` into ``False``, ``0.5`` into a date in 1970).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import login


def _count(model: Any) -> int:
    from backend.db.session import session_scope

    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _refused(response: Any, status: int = 422, error: str = "ValidationError", mentions: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == error
    assert isinstance(body["detail"], str) and body["detail"]
    assert mentions in body["detail"]


PROJECT = {
    "name": "Edge cases",
    "modality": "MR",
    "labels": [{"value": 1, "name": "lesion", "color": "#ff0000"}],
    "cost_per_patient": 1,
    "budget_total": 10,
}


class TestControlCharacters:
    def test_nul_in_login_username_is_a_422_and_no_login_is_recorded(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from backend.models import AuditEvent

        before = _count(AuditEvent)
        response = client.post("/api/auth/login", json={"username": "lead\x00", "password": "whatever"})
        _refused(response, mentions="username")
        assert "U+0000" in response.json()["detail"]
        assert _count(AuditEvent) == before

    def test_nul_in_project_name_is_a_422_and_creates_no_project(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from backend.models import Project

        headers = login(client, "lead")
        before = _count(Project)
        _refused(client.post("/api/projects", json={**PROJECT, "name": "a\x00b"}, headers=headers), mentions="name")
        _refused(client.post("/api/projects", json={**PROJECT, "name": "a\x1bb"}, headers=headers), mentions="name")
        label = {"value": 1, "name": "x\x00", "color": "#ff0000"}
        _refused(client.post("/api/projects", json={**PROJECT, "labels": [label]}, headers=headers))
        assert _count(Project) == before
        # A plain name with non-ASCII letters is fine.
        assert (
            client.post("/api/projects", json={**PROJECT, "name": "Hüfte – Ödem"}, headers=headers).status_code == 201
        )

    @pytest.mark.parametrize("name", ["user", "action"])
    def test_nul_in_audit_filters_is_a_422(self, client: TestClient, demo: dict[str, str], name: str) -> None:
        headers = login(client, "admin")
        _refused(client.get("/api/admin/audit", params={name: "lead\x00"}, headers=headers), mentions=name)

    def test_a_note_may_span_lines_but_holds_no_other_control_character(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from backend.models import Skip

        headers = login(client, "radiologist")
        patients = client.get(f"/api/projects/{demo['project_id']}/patients", headers=headers).json()
        patient = next(p for p in patients if p["split"] == "pool" and p["status"] == "unlabeled")
        url = f"/api/patients/{patient['id']}/skip"
        _refused(client.post(url, json={"reason": "other", "note": "bad\x00"}, headers=headers), mentions="note")
        assert _count(Skip) == 0


class TestPaging:
    @pytest.mark.parametrize("offset", ["9223372036854775808", "2147483648", "-1", "1e3", "abc"])
    def test_offset_outside_the_database_range_is_a_422(
        self, client: TestClient, demo: dict[str, str], offset: str
    ) -> None:
        headers = login(client, "admin")
        _refused(client.get("/api/admin/audit", params={"offset": offset}, headers=headers), mentions="offset")

    def test_largest_offset_allowed_answers_an_empty_page(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "admin")
        response = client.get("/api/admin/audit", params={"offset": 2**31 - 1}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["events"] == []


class TestStrictTypes:
    @pytest.mark.parametrize(
        "body",
        [{"budget_total": False}, {"budget_total": True}, {"budget_total": "10"}, {"cost_per_patient": False}],
    )
    def test_budget_must_be_a_number_not_a_boolean_or_a_string(
        self, client: TestClient, demo: dict[str, str], body: dict[str, Any]
    ) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}"
        before = client.get(url, headers=headers).json()
        _refused(client.patch(f"{url}/budget", json=body, headers=headers), mentions=next(iter(body)))
        after = client.get(url, headers=headers).json()
        assert (after["budget_total"], after["cost_per_patient"]) == (
            before["budget_total"],
            before["cost_per_patient"],
        )
        # An integer amount is still a valid amount.
        assert client.patch(f"{url}/budget", json={"budget_total": 20}, headers=headers).json()["budget_total"] == 20

    @pytest.mark.parametrize(
        "body", [{"genesis_enabled": 0}, {"auto_publish": "true"}, {"batch_size": 2.0}, {"batch_size": True}]
    )
    def test_settings_refuse_coerced_values(
        self, client: TestClient, demo: dict[str, str], body: dict[str, Any]
    ) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}"
        before = client.get(url, headers=headers).json()
        _refused(client.patch(f"{url}/settings", json=body, headers=headers), mentions=next(iter(body)))
        assert client.get(url, headers=headers).json() == before

    def test_quota_false_is_refused_and_members_stay(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}/members"
        before = client.get(url, headers=headers).json()
        members = [{"user_id": m["user_id"], "quota": False} for m in before]
        _refused(client.put(url, json={"members": members}, headers=headers), mentions="quota")
        assert client.get(url, headers=headers).json() == before
        # UUIDs and integers in their JSON form are still accepted.
        members = [{"user_id": m["user_id"], "quota": 3} for m in before]
        assert client.put(url, json={"members": members}, headers=headers).status_code == 200

    @pytest.mark.parametrize("until", ["0.5", "1700000000", "yesterday"])
    def test_audit_dates_must_be_iso_dates(self, client: TestClient, demo: dict[str, str], until: str) -> None:
        headers = login(client, "admin")
        _refused(client.get("/api/admin/audit", params={"until": until}, headers=headers), mentions="until")
        accepted = client.get("/api/admin/audit", params={"until": "2999-01-01T00:00:00Z"}, headers=headers)
        assert accepted.status_code == 200, accepted.text

    def test_unknown_fields_are_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}/budget"
        _refused(client.patch(url, json={"budget_totl": 5}, headers=headers), mentions="budget_totl")

    def test_role_and_split_are_parsed_from_their_json_strings(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        created = client.post(
            "/api/admin/users",
            json={"username": "newreader", "password": "a long enough passphrase 7", "role": "radiologist"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        _refused(client.patch(f"/api/admin/users/{created.json()['id']}", json={"is_active": 0}, headers=admin))
        lead = login(client, "lead")
        patient = client.get(f"/api/projects/{demo['project_id']}/patients", headers=lead).json()[0]
        moved = client.patch(f"/api/patients/{patient['id']}", json={"split": "validation"}, headers=lead)
        assert moved.status_code == 200, moved.text
        _refused(client.patch(f"/api/patients/{patient['id']}", json={"split": "test"}, headers=lead))

    @pytest.mark.parametrize(
        ("field", "value"), [("reference_labels", "yes"), ("reference_labels", "1"), ("split", "x")]
    )
    def test_import_form_fields_are_strict_and_nothing_is_imported(
        self, client: TestClient, demo: dict[str, str], field: str, value: str
    ) -> None:
        from backend.models import Patient

        headers = login(client, "lead")
        before = _count(Patient)
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files={"files": ("a.nii.gz", b"not a volume", "application/gzip")},
            data={field: value},
            headers=headers,
        )
        _refused(response, mentions=field)
        assert _count(Patient) == before

    def test_skips_filter_takes_true_or_false(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}/skips"
        assert client.get(url, params={"include_resolved": "true"}, headers=headers).status_code == 200
        _refused(client.get(url, params={"include_resolved": "maybe"}, headers=headers), mentions="include_resolved")


class TestOneErrorShape:
    def test_malformed_json_is_a_400_in_the_error_shape(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.post("/api/auth/login", content=b"{not json", headers={"content-type": "application/json"})
        _refused(response, 400, "BadInput", "not valid JSON")
        # Starlette's own parse failure (JSON nested too deep) uses the same names and shape.
        nested = b"[" * 100_000 + b"]" * 100_000
        deep = client.post("/api/auth/login", content=nested, headers={"content-type": "application/json"})
        _refused(deep, 400, "BadInput")
        _refused(client.post("/api/auth/login", json=["a", "b"]), 422, "ValidationError", "body")

    def test_unknown_api_routes_and_methods(self, client: TestClient, demo: dict[str, str]) -> None:
        _refused(client.get("/api/nowhere"), 404, "NotFound", "/api/nowhere")
        _refused(client.post("/api/nowhere"), 404, "NotFound", "/api/nowhere")
        wrong_method = client.delete("/api/health")
        _refused(wrong_method, 405, "MethodNotAllowed")
        assert "GET" in wrong_method.headers["allow"]


class TestOpenApiDocument:
    def test_every_error_response_is_the_error_body(self, client: TestClient) -> None:
        document = client.get("/openapi.json").json()
        schemas = document["components"]["schemas"]
        assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
        assert set(schemas["ErrorBody"]["properties"]) == {"error", "detail"}
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                errors = {code: r for code, r in operation["responses"].items() if int(code) >= 400}
                if path not in {"/api/health", "/api/auth/session"}:  # neither can fail but for a 500
                    assert errors, f"{method} {path} documents no error"
                for code, response in errors.items():
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, f"{method} {path} {code}"

    def test_security_schemes_cover_exactly_the_operations_that_need_a_login(self, client: TestClient) -> None:
        document = client.get("/openapi.json").json()
        schemes = document["components"]["securitySchemes"]
        assert schemes["bearerAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        assert schemes["sessionCookie"] == {"type": "apiKey", "in": "cookie", "name": "radloop_session"}
        public = {("get", "/api/health"), ("post", "/api/auth/login"), ("get", "/api/auth/session")}
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if (method, path) in public:
                    assert "security" not in operation
                    assert "401" not in operation["responses"] or path == "/api/auth/login"
                else:
                    assert operation["security"] == [{"bearerAuth": []}, {"sessionCookie": []}], f"{method} {path}"
                    assert "401" in operation["responses"]

    def test_response_enums_are_declared(self, client: TestClient) -> None:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        assert schemas["Role"]["enum"] == ["admin", "lead", "radiologist"]
        assert set(schemas["Split"]["enum"]) == {"pool", "validation"}
        assert "review" in schemas["RoundStatus"]["enum"]
        assert schemas["UserRead"]["properties"]["role"] == {"$ref": "#/components/schemas/Role"}
