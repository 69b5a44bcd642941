"""One source for a project's counts and each patient's state (backend/project/counts.py): the project list, the
project, the dashboard and the patient list agree, queued and reserved patients are not "unlabelled", and the states
add up to the patients."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.conftest import login

STATES = ("annotated", "in_review", "validation", "reserved", "queued", "set_aside", "unlabeled")


def _counts_everywhere(client: TestClient, project_id: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    listed = next(p for p in client.get("/api/projects", headers=headers).json() if p["id"] == project_id)
    single = client.get(f"/api/projects/{project_id}", headers=headers).json()
    board = client.get(f"/api/projects/{project_id}/dashboard", headers=headers).json()
    rows = client.get(f"/api/projects/{project_id}/patients", headers=headers).json()
    from_rows = {"patients": len(rows), **{state: sum(r["state"] == state for r in rows) for state in STATES}}
    return [listed["counts"], single["counts"], board["counts"], from_rows]


def _small_mask(client: TestClient, patient_id: str, headers: dict[str, str]) -> bytes:
    shape = client.get(f"/api/patients/{patient_id}", headers=headers).json()["shape"]
    mask = np.zeros(shape, dtype=np.uint8)
    mask[0, 0, 0] = 1
    return nifti_bytes(mask)


class TestOneSourceForCounts:
    def test_the_demo_as_shipped_reads_the_same_on_every_page(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        everywhere = _counts_everywhere(client, demo["project_id"], headers)
        assert everywhere[0] == {
            "patients": 10,
            "annotated": 4,
            "in_review": 0,
            "validation": 2,
            "reserved": 0,
            "queued": 0,
            "set_aside": 0,
            "unlabeled": 4,
        }
        assert all(counts == everywhere[0] for counts in everywhere)

    def test_queued_reserved_and_set_aside_patients_are_not_unlabelled(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        pool = [p["id"] for p in patients(client, project_id, lead, split="pool", status="unlabeled")]
        assert len(pool) == 4
        publish_round(project_id, pool[:3])
        reserved, skipped, queued = pool[:3]
        assert client.post(f"/api/patients/{reserved}/reservation", headers=reader).status_code == 200
        response = client.post(
            f"/api/patients/{skipped}/skip", json={"reason": "other", "note": "blurred"}, headers=reader
        )
        assert response.status_code == 201, response.text

        states = {p["id"]: p["state"] for p in patients(client, project_id, lead)}
        assert (states[reserved], states[skipped], states[queued], states[pool[3]]) == (
            "reserved",
            "set_aside",
            "queued",
            "unlabeled",
        )
        everywhere = _counts_everywhere(client, project_id, lead)
        assert all(counts == everywhere[0] for counts in everywhere)
        counts = everywhere[0]
        assert (counts["reserved"], counts["set_aside"], counts["queued"], counts["unlabeled"]) == (1, 1, 1, 1)
        assert sum(counts[state] for state in STATES) == counts["patients"] == 10

        # Submitting the reserved case makes it annotated on every page at once.
        assert submit(client, reserved, reader, _small_mask(client, reserved, reader)).status_code == 201
        everywhere = _counts_everywhere(client, project_id, lead)
        assert all(counts == everywhere[0] for counts in everywhere)
        assert (everywhere[0]["annotated"], everywhere[0]["reserved"]) == (5, 0)

    def test_an_expired_reservation_counts_as_queued_again(self, client: TestClient, demo: dict[str, str]) -> None:
        from sqlalchemy import update

        from backend.db.base import utcnow
        from backend.db.session import session_scope
        from backend.models import Reservation

        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        case = patients(client, project_id, lead, split="pool", status="unlabeled")[0]["id"]
        publish_round(project_id, [case])
        assert client.post(f"/api/patients/{case}/reservation", headers=reader).status_code == 200
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["counts"]["reserved"] == 1
        with session_scope() as session:
            session.execute(update(Reservation).values(expires_at=utcnow()))
        counts = client.get(f"/api/projects/{project_id}", headers=lead).json()["counts"]
        assert (counts["reserved"], counts["queued"]) == (0, 1)
