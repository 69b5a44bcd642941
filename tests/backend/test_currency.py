"""A project's money has a currency (ISO 4217): set at creation or on the budget, shown with every amount the API
returns with money (project, queue, submission, dashboard); a code Radloop does not know is a 422 in the one error
shape that changes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import patients, publish_round
from tests.conftest import login

NEW_PROJECT = {
    "name": "Currency",
    "modality": "CT",
    "labels": [{"value": 1, "name": "lesion", "color": "#ff0000"}],
    "cost_per_patient": 12.5,
    "budget_total": 100,
}


class TestCurrency:
    def test_a_project_is_in_euros_unless_told_otherwise_and_the_budget_form_changes_it(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}"
        assert client.get(url, headers=lead).json()["currency"] == "EUR"
        response = client.patch(f"{url}/budget", json={"currency": "CHF"}, headers=lead)
        assert response.status_code == 200, response.text
        assert response.json()["currency"] == "CHF"
        assert client.get(url, headers=lead).json()["currency"] == "CHF"
        board = client.get(f"{url}/dashboard", headers=lead).json()
        assert board["currency"] == "CHF"
        audit = client.get(
            "/api/admin/audit", params={"action": "project.budget.update"}, headers=login(client, "admin")
        )
        details = audit.json()["events"][0]["details"]
        assert (details["before"]["currency"], details["after"]["currency"]) == ("EUR", "CHF")

    @pytest.mark.parametrize("code", ["usd", "XYZ", "EURO", "", 978, None])
    def test_an_unknown_code_is_refused_in_the_error_shape_and_changes_nothing(
        self, client: TestClient, demo: dict[str, str], code: object
    ) -> None:
        lead = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}"
        before = client.get(url, headers=lead).json()
        body = {"currency": code, "budget_total": 55} if code is not None else {"currency": None}
        response = client.patch(f"{url}/budget", json=body, headers=lead)
        if code is None:
            # An explicit null means "keep": the currency cannot be cleared.
            assert response.status_code == 200
            assert response.json()["currency"] == "EUR"
            return
        assert response.status_code == 422
        error = response.json()
        assert set(error) == {"error", "detail"} and error["error"] == "ValidationError"
        assert "currency" in error["detail"]
        after = client.get(url, headers=lead).json()
        assert (after["currency"], after["budget_total"]) == (before["currency"], before["budget_total"])

    def test_a_new_project_takes_its_currency_and_a_bad_one_creates_nothing(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        refused = client.post("/api/projects", json={**NEW_PROJECT, "currency": "eur"}, headers=lead)
        assert refused.status_code == 422
        assert set(refused.json()) == {"error", "detail"}
        assert "Currency" not in [p["name"] for p in client.get("/api/projects", headers=lead).json()]
        created = client.post("/api/projects", json={**NEW_PROJECT, "currency": "JPY"}, headers=lead)
        assert created.status_code == 201, created.text
        assert created.json()["currency"] == "JPY"

    def test_the_queue_and_a_submission_carry_the_currency(self, client: TestClient, demo: dict[str, str]) -> None:
        import numpy as np

        from tests.backend.helpers import nifti_bytes, submit

        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        client.patch(f"/api/projects/{project_id}/budget", json={"currency": "GBP"}, headers=lead)
        case = patients(client, project_id, lead, split="pool", status="unlabeled")[0]
        publish_round(project_id, [case["id"]])
        queue = [item for item in client.get("/api/queue", headers=reader).json() if item["project_id"] == project_id]
        assert [item["currency"] for item in queue] == ["GBP"]
        mask = np.zeros(case["shape"], dtype=np.uint8)
        response = submit(client, case["id"], reader, nifti_bytes(mask))
        assert response.status_code == 201, response.text
        assert response.json()["currency"] == "GBP"


class TestAssignRadiologists:
    def test_a_new_project_can_take_every_active_radiologist_as_reader(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, admin = login(client, "lead"), login(client, "admin")
        response = client.post("/api/projects", json={**NEW_PROJECT, "assign_radiologists": True}, headers=lead)
        assert response.status_code == 201, response.text
        members = client.get(f"/api/projects/{response.json()['id']}/members", headers=lead).json()
        radiologists = [
            u["username"]
            for u in client.get("/api/admin/users", headers=admin).json()
            if u["role"] == "radiologist" and u["is_active"]
        ]
        assert radiologists
        assert sorted(m["username"] for m in members) == sorted([*radiologists, "lead"])

        plain = client.post("/api/projects", json={**NEW_PROJECT, "name": "Plain"}, headers=lead)
        members = client.get(f"/api/projects/{plain.json()['id']}/members", headers=lead).json()
        assert [m["username"] for m in members] == ["lead"]
