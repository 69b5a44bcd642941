"""Project lead: create a project, assign readers with quotas, choose validation patients, export labels."""

from __future__ import annotations

import csv
import io
import zipfile

import numpy as np
from fastapi.testclient import TestClient
from httpx import Response

from tests.backend.helpers import nifti_bytes, patients, publish_round, read_nifti, submit
from tests.conftest import login

LABELS = [{"value": 1, "name": "tumour", "color": "#ff0000"}, {"value": 2, "name": "oedema", "color": "#00ff00"}]


def _create(client: TestClient, headers: dict[str, str], **overrides: object) -> Response:
    body = {"name": "Brain CT", "modality": "CT", "labels": LABELS, "cost_per_patient": 12.5, "budget_total": 500}
    body.update(overrides)
    response: Response = client.post("/api/projects", json=body, headers=headers)
    return response


class TestCreateProject:
    def test_lead_creates_a_project_and_becomes_its_member(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        response = _create(client, lead)
        assert response.status_code == 201, response.text
        project = response.json()
        assert (project["cost_per_patient"], project["budget_total"], project["budget_remaining"]) == (12.5, 500, 500)
        assert project["labels"] == LABELS
        assert "Brain CT" in [p["name"] for p in client.get("/api/projects", headers=lead).json()]
        members = client.get(f"/api/projects/{project['id']}/members", headers=lead).json()
        assert [(m["username"], m["quota"]) for m in members] == [("lead", None)]
        ledger = client.get(f"/api/projects/{project['id']}/ledger", headers=lead).json()
        assert [(e["kind"], e["amount"], e["user"]) for e in ledger["entries"]] == [("budget_change", 500.0, "lead")]

    def test_budget_in_cases_is_cost_times_cases(self, client: TestClient, demo: dict[str, str]) -> None:
        response = _create(client, login(client, "admin"), budget_total=None, budget_cases=40)
        assert response.json()["budget_total"] == 500.0

    def test_bad_projects_are_refused_and_nothing_is_created(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        cases: list[tuple[dict[str, object], int, str]] = [
            ({"labels": []}, 422, "labels"),
            ({"labels": [LABELS[0], {**LABELS[1], "value": 1}]}, 422, "distinct"),
            ({"labels": [{**LABELS[0], "color": "red"}]}, 422, "color"),
            ({"cost_per_patient": -1}, 422, "cost_per_patient"),
            ({"budget_cases": 3}, 400, "either"),
            ({"budget_total": None}, 400, "either"),
            ({"strategy": "astrology"}, 422, "strategy"),
            ({"name": "Hippocampus MRI (demo)"}, 409, "already exists"),
        ]
        for overrides, status, words in cases:
            response = _create(client, lead, **overrides)
            assert response.status_code == status, (overrides, response.text)
            assert words in response.json()["detail"]
        assert [p["name"] for p in client.get("/api/projects", headers=lead).json()] == ["Hippocampus MRI (demo)"]

    def test_radiologists_cannot_create_projects(self, client: TestClient, demo: dict[str, str]) -> None:
        assert _create(client, login(client, "radiologist")).status_code == 403


class TestMembers:
    def test_assign_readers_with_quotas(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, radiologist = login(client, "lead"), login(client, "radiologist")
        client.cookies.clear()
        users = {u["username"]: u["id"] for u in client.get("/api/users", headers=lead).json()}
        assert set(users) == {"lead", "radiologist"}
        body = {"members": [{"user_id": users["lead"]}, {"user_id": users["radiologist"], "quota": 3}]}
        response = client.put(f"/api/projects/{project_id}/members", json=body, headers=lead)
        assert response.status_code == 200, response.text
        candidate = patients(client, project_id, lead, status="unlabeled", split="pool")[0]
        publish_round(project_id, [candidate["id"]])
        submitted = submit(client, candidate["id"], radiologist, nifti_bytes(np.zeros(candidate["shape"], np.uint8)))
        assert submitted.status_code == 201, submitted.text
        members = client.get(f"/api/projects/{project_id}/members", headers=lead).json()
        assert [(m["username"], m["quota"], m["annotated"]) for m in members] == [
            ("lead", None, 0),
            ("radiologist", 3, 1),
        ]
        # Unassigning the radiologist takes the project away from them.
        client.put(f"/api/projects/{project_id}/members", json={"members": [{"user_id": users["lead"]}]}, headers=lead)
        assert client.get(f"/api/projects/{project_id}", headers=radiologist).status_code == 403

    def test_bad_assignments_are_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, admin = login(client, "lead"), login(client, "admin")
        client.cookies.clear()
        users = {u["username"]: u["id"] for u in client.get("/api/admin/users", headers=admin).json()}
        url = f"/api/projects/{project_id}/members"
        cases = [
            ([{"user_id": users["radiologist"]}], "remove yourself"),
            ([{"user_id": users["lead"]}, {"user_id": users["admin"]}], "Admins"),
            ([{"user_id": users["lead"]}, {"user_id": users["lead"]}], "only once"),
            ([{"user_id": users["lead"]}, {"user_id": "00000000-0000-0000-0000-000000000000"}], "Unknown users"),
        ]
        for members, words in cases:
            response = client.put(url, json={"members": members}, headers=lead)
            assert response.status_code == 400 and words in response.json()["detail"], response.text
        negative = client.put(url, json={"members": [{"user_id": users["lead"], "quota": -1}]}, headers=lead)
        assert negative.status_code == 422
        assert {m["username"] for m in client.get(url, headers=lead).json()} == {"lead", "radiologist"}


class TestValidationAndExport:
    def test_choose_validation_patients_then_export_the_latest_masks(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        lead, radiologist = login(client, "lead"), login(client, "radiologist")
        client.cookies.clear()
        candidate = patients(client, project_id, lead, status="unlabeled", split="pool")[0]
        moved = client.patch(f"/api/patients/{candidate['id']}", json={"split": "validation"}, headers=lead)
        assert moved.status_code == 200 and moved.json()["split"] == "validation"
        client.patch(f"/api/patients/{candidate['id']}", json={"split": "pool"}, headers=lead)
        publish_round(project_id, [candidate["id"]])
        first = np.zeros(candidate["shape"], np.uint8)
        second = first.copy()
        second[1, 1, 1] = 2
        assert submit(client, candidate["id"], radiologist, nifti_bytes(first)).status_code == 201
        assert submit(client, candidate["id"], radiologist, nifti_bytes(second), base_version="1").status_code == 201

        response = client.get(f"/api/projects/{project_id}/export", headers=lead)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        # The 6 imported label sets (4 pool, 2 validation) and the newly annotated patient, each once.
        assert len(manifest) == 7
        row = next(r for r in manifest if r["patient"] == candidate["external_id"])
        assert (row["version"], row["source"], row["author"]) == ("2", "human", "radiologist")
        assert np.array_equal(read_nifti(archive.read(row["file"])), second)
        assert archive.read("labels.csv").decode().splitlines()[1] == "1,anterior,#e6194b"
        assert all(name.startswith("labels/") for name in archive.namelist() if name.endswith(".nii.gz"))
