"""Cost per patient by volume size: the formula, the debit at submission, the queue's cap and round selection."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.budget.service import cost_for_slices, slice_count
from backend.models import Project
from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.backend.workstation_helpers import open_round_with_selection
from tests.conftest import login


def _project(**values: Any) -> Project:
    return Project(cost_per_patient_cents=100, cost_mode="flat", cost_per_slice_cents=0, **values)


class TestFormula:
    @pytest.mark.parametrize(
        ("shape", "slices"), [([64, 64, 40], 40), ([512, 512, 1], 1), ([32, 32], 1), ([4, 4, 9, 1], 1), (None, 0)]
    )
    def test_slices_are_the_last_axis_and_a_2d_image_has_one(self, shape: list[int] | None, slices: int) -> None:
        assert slice_count(shape) == slices

    def test_flat_ignores_the_slices_and_volume_adds_a_price_per_slice(self) -> None:
        assert cost_for_slices(_project(), 120) == 100
        flat_with_slice_price = _project()
        flat_with_slice_price.cost_per_slice_cents = 5
        assert cost_for_slices(flat_with_slice_price, 120) == 100
        by_volume = _project()
        by_volume.cost_mode, by_volume.cost_per_slice_cents = "volume", 5
        assert cost_for_slices(by_volume, 120) == 100 + 5 * 120
        assert cost_for_slices(by_volume, 1) == 105


def _price_by_volume(client: TestClient, project_id: str, lead: dict[str, str], **extra: float) -> dict[str, Any]:
    body: dict[str, Any] = {"cost_mode": "volume", "cost_per_patient": 1, "cost_per_slice": 0.05, **extra}
    response = client.patch(f"/api/projects/{project_id}/budget", json=body, headers=lead)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _expected_cost(patient: dict[str, Any], base: float = 1, per_slice: float = 0.05) -> float:
    return round(base + per_slice * patient["shape"][-1], 2)


class TestVolumeCostOverHttp:
    def test_settings_are_exposed_validated_and_audited(self, client: TestClient, demo: dict[str, str]) -> None:
        lead, admin = login(client, "lead"), login(client, "admin")
        project_id = demo["project_id"]
        before = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert (before["cost_mode"], before["cost_per_slice"]) == ("flat", 0)
        for body, words in (
            ({"cost_mode": "area"}, "cost_mode"),
            ({"cost_mode": "volume", "cost_per_slice": -0.5}, "cost_per_slice"),
            ({"cost_mode": "volume", "cost_per_slice": 0.001}, "two decimals"),
        ):
            refused = client.patch(f"/api/projects/{project_id}/budget", json=body, headers=lead)
            assert refused.status_code == 422, (body, refused.text)
            assert words in str(refused.json()["detail"])
        assert client.get(f"/api/projects/{project_id}", headers=lead).json() == before

        project = _price_by_volume(client, project_id, lead)
        assert (project["cost_mode"], project["cost_per_slice"], project["cost_per_patient"]) == ("volume", 0.05, 1)
        events = client.get("/api/admin/audit", params={"action": "project.budget.update"}, headers=admin).json()
        details = events["events"][0]["details"]
        assert details["before"]["cost_mode"] == "flat" and details["after"]["cost_mode"] == "volume"
        assert details["after"]["cost_per_slice_cents"] == 5

        # The lead sees every patient's cost in the patient list.
        for patient in patients(client, project_id, lead):
            assert patient["cost"] == _expected_cost(patient)

    def test_create_by_volume_needs_the_budget_in_currency(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        body = {
            "name": "Liver CT",
            "modality": "CT",
            "labels": [{"value": 1, "name": "liver", "color": "#ff0000"}],
            "cost_per_patient": 2,
            "cost_mode": "volume",
            "cost_per_slice": 0.1,
        }
        in_cases = client.post("/api/projects", json={**body, "budget_cases": 10}, headers=lead)
        assert in_cases.status_code == 400 and "in currency" in in_cases.json()["detail"]
        bad_mode = client.post("/api/projects", json={**body, "cost_mode": "weight", "budget_total": 50}, headers=lead)
        assert bad_mode.status_code == 422
        created = client.post("/api/projects", json={**body, "budget_total": 50}, headers=lead)
        assert created.status_code == 201, created.text
        project = created.json()
        assert (project["cost_mode"], project["cost_per_slice"], project["budget_total"]) == ("volume", 0.1, 50)
        assert project["auto_publish"] is True
        names = [p["name"] for p in client.get("/api/projects", headers=lead).json()]
        assert names.count("Liver CT") == 1

    def test_submission_debits_the_patients_volume_cost_and_the_ledger_balances(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        _price_by_volume(client, project_id, lead)
        spent_before = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        first, second = patients(client, project_id, reader, status="unlabeled", split="pool")[:2]
        publish_round(project_id, [first["id"], second["id"]])
        for patient in (first, second):
            mask = nifti_bytes(np.zeros(patient["shape"], dtype=np.uint8))
            assert submit(client, patient["id"], reader, mask).status_code == 201
        # A second version of a paid patient is free.
        again = submit(client, first["id"], reader, nifti_bytes(np.ones(first["shape"], np.uint8)), base_version="1")
        assert again.status_code == 201

        expected = _expected_cost(first) + _expected_cost(second)
        project = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert round(project["budget_spent"] - spent_before, 2) == round(expected, 2)
        ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
        debits = {e["patient"]: e["amount"] for e in ledger["entries"] if e["kind"] == "annotation"}
        assert debits == {first["external_id"]: -_expected_cost(first), second["external_id"]: -_expected_cost(second)}
        assert ledger["balanced"] is True

    def test_a_patient_the_remaining_budget_cannot_pay_for_is_refused(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        patient = patients(client, project_id, reader, status="unlabeled", split="pool")[0]
        publish_round(project_id, [patient["id"]])
        spent = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        # Enough for the flat base, not for the slices on top.
        _price_by_volume(client, project_id, lead, budget_total=round(spent + _expected_cost(patient) - 0.01, 2))
        refused = submit(client, patient["id"], reader, nifti_bytes(np.zeros(patient["shape"], dtype=np.uint8)))
        assert refused.status_code == 409 and refused.json()["error"] == "BudgetExceeded"
        assert patients(client, project_id, reader, id=patient["id"])[0]["status"] == "unlabeled"
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"] == spent

    def test_queue_offers_only_what_the_remaining_budget_pays_at_per_patient_costs(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        ranked = open_round_with_selection(project_id)
        assert len(ranked) >= 3
        by_id = {p["id"]: p for p in patients(client, project_id, lead)}
        # Cost is the number of slices: the first two by rank fit exactly, the others do not.
        costs = [float(by_id[i]["shape"][-1]) for i in ranked]
        spent = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        _price_by_volume(client, project_id, lead, cost_per_patient=0, cost_per_slice=1, budget_total=spent + 0)
        assert client.get("/api/queue", headers=reader).json() == []
        _price_by_volume(
            client, project_id, lead, cost_per_patient=0, cost_per_slice=1, budget_total=spent + costs[0] + costs[1]
        )
        queue = client.get("/api/queue", headers=reader).json()
        assert [item["patient_id"] for item in queue] == ranked[:2]
        assert [item["cost"] for item in queue] == costs[:2]
        # Flat pricing at the same base (0) would have offered every selected patient.
        flat = client.patch(f"/api/projects/{project_id}/budget", json={"cost_mode": "flat"}, headers=lead)
        assert flat.status_code == 200
        assert len(client.get("/api/queue", headers=reader).json()) == len(ranked)


class TestSelectionWithPerPatientCosts:
    @pytest.mark.parametrize("auto_publish", [True, False])
    def test_select_stays_within_the_remaining_budget_and_records_each_cost(
        self, demo: dict[str, str], auto_publish: bool
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import Patient, Round, Score, Volume
        from worker.tasks.data import PatientArrays
        from worker.tasks.round import _select

        project_id = uuid.UUID(demo["project_id"])
        with session_scope() as session:
            project = session.get(Project, project_id)
            assert project is not None
            project.cost_mode, project.cost_per_patient_cents, project.cost_per_slice_cents = "volume", 0, 100
            project.auto_publish = auto_publish
            rows = session.execute(
                select(Patient, Volume)
                .join(Volume, Volume.id == Patient.primary_volume_id)
                .where(Patient.project_id == project_id, Patient.split == "pool", Patient.status == "unlabeled")
                .order_by(Patient.external_id)
            ).all()
            pool = [PatientArrays(p.id, p.external_id, v, np.zeros((1, 1, 1), np.float32), None) for p, v in rows]
            slices = {p.id: int(v.shape[-1]) for p, v in rows}
            # Room for the two cheapest patients, not for any three.
            cheapest = sorted(slices.values())
            remaining = 100 * (cheapest[0] + cheapest[1])
            project.budget_total_cents = project.budget_spent_cents + remaining
            current = Round(project_id=project_id, number=1, status="selecting", strategy="entropy", batch_size=4)
            session.add(current)
            session.flush()
            round_id = current.id
        output = SimpleNamespace(
            strategy="entropy",
            scores={p.external_id: SimpleNamespace(value=1.0 / (i + 1), components={}) for i, p in enumerate(pool)},
            predictions={p.external_id: SimpleNamespace(features=np.zeros(2)) for p in pool},
            labelled_features={},
        )
        _select(round_id, pool, output, seed=1, batch_size=4, metrics={}, pool_fraction=0.25)
        with session_scope() as session:
            scores = list(session.scalars(select(Score).where(Score.round_id == round_id)))
            assert {s.patient_id: s.cost_cents for s in scores} == {i: 100 * n for i, n in slices.items()}
            chosen = [s for s in scores if s.selected]
            assert chosen and sum(s.cost_cents for s in chosen) <= remaining
            found = session.get(Round, round_id)
            assert found is not None
            assert found.status == ("ready" if auto_publish else "review")
            assert found.finished_at is not None
