"""The budget ledger over HTTP, and 50 concurrent first submissions at the budget boundary (SQLite and Postgres)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from backend.db.session import session_scope
from backend.models import Annotation, LedgerEntry, Patient, Project, Study, Volume
from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.conftest import login

N_SUBMISSIONS = 50
AFFORDABLE = 7
COST_CENTS = 150


def _clone_patients(project_id: uuid.UUID, count: int) -> tuple[list[str], list[int]]:
    """``count`` unlabelled pool patients sharing one demo volume's file (the image content does not matter here)."""
    with session_scope() as session:
        template = session.scalar(
            select(Volume)
            .join(Patient, Patient.primary_volume_id == Volume.id)
            .where(Patient.project_id == project_id)
            .limit(1)
        )
        assert template is not None
        ids = []
        for index in range(count):
            patient = Patient(project_id=project_id, external_id=f"clone-{index:03d}", split="pool", status="unlabeled")
            session.add(patient)
            session.flush()
            study = Study(patient_id=patient.id, description="clone")
            session.add(study)
            session.flush()
            volume = Volume(
                study_id=study.id,
                modality=template.modality,
                source_format=template.source_format,
                storage_key=template.storage_key,
                sha256=template.sha256,
                shape=template.shape,
                spacing=template.spacing,
                affine=template.affine,
                dtype=template.dtype,
            )
            session.add(volume)
            session.flush()
            patient.primary_volume_id = volume.id
            ids.append(str(patient.id))
        return ids, list(template.shape)


class TestConcurrentSubmissionsAtTheBoundary:
    def test_exactly_the_budget_is_spent_and_the_ledger_balances(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = uuid.UUID(demo["project_id"])
        lead = login(client, "lead")
        radiologist = login(client, "radiologist")
        client.cookies.clear()
        spent_before = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        patient_ids, shape = _clone_patients(project_id, N_SUBMISSIONS)
        publish_round(demo["project_id"], patient_ids)  # every clone selected: the budget decides who is served
        # Leave room for exactly AFFORDABLE more patients at COST_CENTS each.
        total = spent_before + AFFORDABLE * COST_CENTS / 100
        response = client.patch(
            f"/api/projects/{project_id}/budget",
            json={"cost_per_patient": COST_CENTS / 100, "budget_total": total},
            headers=lead,
        )
        assert response.status_code == 200, response.text
        mask = nifti_bytes(np.zeros(shape, dtype=np.uint8))

        def post(patient_id: str) -> Any:
            return submit(client, patient_id, radiologist, mask, time_spent_s="12")

        with ThreadPoolExecutor(max_workers=N_SUBMISSIONS) as pool:
            responses = list(pool.map(post, patient_ids))
        statuses = [r.status_code for r in responses]
        assert statuses.count(201) == AFFORDABLE, (statuses, {r.text for r in responses if r.status_code != 201})
        assert statuses.count(409) == N_SUBMISSIONS - AFFORDABLE, statuses
        refusals = [r.json() for r in responses if r.status_code == 409]
        assert {r["error"] for r in refusals} == {"BudgetExceeded"}
        assert all("remaining budget does not cover" in r["detail"] for r in refusals)

        project = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert project["budget_remaining"] == 0
        assert project["budget_spent"] == total
        ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
        assert ledger["balanced"] is True
        assert ledger["budget_spent"] == total and ledger["budget_remaining"] == 0
        debits = [e for e in ledger["entries"] if e["kind"] == "annotation"]
        assert len(debits) == AFFORDABLE
        assert all(e["amount"] == -COST_CENTS / 100 and e["user"] == "radiologist" for e in debits)
        assert round(ledger["credits"] + ledger["debits"], 2) == 0
        assert ledger["entries"][0]["remaining_after"] == 0  # newest first
        # Refused submissions left nothing behind: no annotation rows and the patients are still unlabelled.
        with session_scope() as session:
            annotated = session.scalar(
                select(func.count(func.distinct(Annotation.patient_id))).where(
                    Annotation.patient_id.in_([uuid.UUID(i) for i in patient_ids])
                )
            )
            assert annotated == AFFORDABLE
            still_open = session.scalar(
                select(func.count())
                .select_from(Patient)
                .where(Patient.external_id.like("clone-%"), Patient.status == "unlabeled")
            )
            assert still_open == N_SUBMISSIONS - AFFORDABLE
            row = session.get(Project, project_id)
            assert row is not None
            ledger_sum = session.scalar(
                select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.project_id == project_id)
            )
            assert ledger_sum == row.budget_total_cents - row.budget_spent_cents == 0


class TestLedger:
    def test_lists_every_credit_and_debit_with_who_when_and_why(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead = login(client, "lead")
        radiologist = login(client, "radiologist")
        client.cookies.clear()
        client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": 12}, headers=lead)
        candidate = patients(client, project_id, lead, status="unlabeled", split="pool")[0]
        publish_round(project_id, [candidate["id"]])
        shape = candidate["shape"]
        assert submit(client, candidate["id"], radiologist, nifti_bytes(np.zeros(shape, np.uint8))).status_code == 201
        ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
        kinds = [(e["kind"], e["amount"], e["user"]) for e in ledger["entries"]]
        assert kinds == [  # newest first
            ("annotation", -1.0, "radiologist"),
            ("budget_change", 2.0, "lead"),
            ("budget_change", 10.0, None),
        ]
        last = ledger["entries"][0]
        assert last["patient"] == candidate["external_id"]
        assert last["reason"] == f"annotation of {candidate['external_id']}"
        assert (last["total_after"], last["spent_after"], last["remaining_after"]) == (12.0, 1.0, 11.0)
        assert [p["remaining"] for p in ledger["burn_down"]] == [10.0, 12.0, 11.0]
        assert ledger["balanced"] is True

    def test_lowering_the_budget_below_what_is_spent_is_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead = login(client, "lead")
        with session_scope() as session:
            session.execute(update(Project).values(budget_spent_cents=500))
        response = client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": 4}, headers=lead)
        assert response.status_code == 409
        assert "below the amount already spent" in response.json()["detail"]
        ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
        assert len(ledger["entries"]) == 1

    def test_radiologists_do_not_see_the_ledger(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.get(f"/api/projects/{demo['project_id']}/ledger", headers=login(client, "radiologist"))
        assert response.status_code == 403
