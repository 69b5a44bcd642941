"""Reservations and skips: one radiologist per case, the queue hides what colleagues hold, skips go to the lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, submit
from tests.backend.workstation_helpers import add_radiologist, open_round_with_selection
from tests.conftest import login


@pytest.fixture
def ward(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    selection = open_round_with_selection(demo["project_id"])
    add_radiologist(demo["project_id"])
    return {
        "project_id": demo["project_id"],
        "selection": selection,
        "alice": login(client, "radiologist"),
        "bob": login(client, "radiologist2"),
        "lead": login(client, "lead"),
    }


def _queue_ids(client: TestClient, headers: dict[str, str]) -> list[str]:
    response = client.get("/api/queue", headers=headers)
    assert response.status_code == 200, response.text
    return [item["patient_id"] for item in response.json()]


class TestReservation:
    def test_second_radiologist_gets_409_and_the_queue_hides_the_case(
        self, client: TestClient, ward: dict[str, Any]
    ) -> None:
        top = ward["selection"][0]
        assert _queue_ids(client, ward["bob"])[0] == top
        taken = client.post(f"/api/patients/{top}/reservation", headers=ward["alice"])
        assert taken.status_code == 200, taken.text
        body = taken.json()
        assert body["username"] == "radiologist"
        expires = datetime.fromisoformat(body["expires_at"])
        assert timedelta(minutes=25) < expires - datetime.now(UTC) <= timedelta(minutes=30)

        refused = client.post(f"/api/patients/{top}/reservation", headers=ward["bob"])
        assert refused.status_code == 409
        assert "reserved by radiologist" in refused.json()["detail"]
        assert top not in _queue_ids(client, ward["bob"])
        alice_queue = client.get("/api/queue", headers=ward["alice"]).json()
        mine = next(item for item in alice_queue if item["patient_id"] == top)
        assert mine["reserved_by_me"] is True and mine["reserved_until"]

        # Bob can neither submit nor autosave over Alice's case, and nothing is stored.
        shape = client.get(f"/api/patients/{top}", headers=ward["bob"]).json()["shape"]
        mask = nifti_bytes(np.zeros(shape, dtype=np.uint8))
        assert submit(client, top, ward["bob"], mask).status_code == 409
        assert client.get(f"/api/patients/{top}/annotations", headers=ward["bob"]).json() == []
        draft = client.put(
            f"/api/patients/{top}/draft", files={"mask": ("d.nii.gz", mask, "application/gzip")}, headers=ward["bob"]
        )
        assert draft.status_code == 409

    def test_renewing_extends_and_release_frees_the_case(self, client: TestClient, ward: dict[str, Any]) -> None:
        top = ward["selection"][0]
        first = client.post(f"/api/patients/{top}/reservation", headers=ward["alice"]).json()
        again = client.post(f"/api/patients/{top}/reservation", headers=ward["alice"]).json()
        assert again["expires_at"] >= first["expires_at"]
        assert client.delete(f"/api/patients/{top}/reservation", headers=ward["bob"]).status_code == 204
        assert client.post(f"/api/patients/{top}/reservation", headers=ward["bob"]).status_code == 409  # still Alice's
        assert client.delete(f"/api/patients/{top}/reservation", headers=ward["alice"]).status_code == 204
        assert client.post(f"/api/patients/{top}/reservation", headers=ward["bob"]).status_code == 200

    def test_an_expired_reservation_can_be_taken_over(self, client: TestClient, ward: dict[str, Any]) -> None:
        import uuid

        from sqlalchemy import update

        from backend.db.session import session_scope
        from backend.models import Reservation

        top = ward["selection"][0]
        assert client.post(f"/api/patients/{top}/reservation", headers=ward["alice"]).status_code == 200
        with session_scope() as session:
            session.execute(
                update(Reservation)
                .where(Reservation.patient_id == uuid.UUID(top))
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        assert top in _queue_ids(client, ward["bob"])
        taken = client.post(f"/api/patients/{top}/reservation", headers=ward["bob"])
        assert taken.status_code == 200 and taken.json()["username"] == "radiologist2"

    def test_submit_releases_the_reservation(self, client: TestClient, ward: dict[str, Any]) -> None:
        top = ward["selection"][0]
        client.post(f"/api/patients/{top}/reservation", headers=ward["alice"])
        shape = client.get(f"/api/patients/{top}", headers=ward["alice"]).json()["shape"]
        mask = np.zeros(shape, dtype=np.uint8)
        mask[1:3, 1:3, 1:3] = 1
        response = submit(client, top, ward["alice"], nifti_bytes(mask), time_spent_s="12.5")
        assert response.status_code == 201, response.text
        # Annotated now: only its author adds versions, a colleague cannot even reserve it.
        refused = client.post(f"/api/patients/{top}/reservation", headers=ward["bob"])
        assert refused.status_code == 403 and "only its author" in refused.json()["detail"]
        assert client.post(f"/api/patients/{top}/reservation", headers=ward["alice"]).status_code == 200
        listed = client.get(f"/api/projects/{ward['project_id']}/annotations", headers=ward["lead"]).json()
        human = [(a["patient_id"], a["time_spent_s"], a["author"]) for a in listed if a["source"] == "human"]
        assert human == [(top, 12.5, "radiologist")]
        assert listed[0]["patient_id"] == top  # newest first

    def test_radiologist_cannot_reserve_outside_their_projects_and_lead_list_needs_lead(
        self, client: TestClient, ward: dict[str, Any]
    ) -> None:
        missing = client.post("/api/patients/00000000-0000-0000-0000-000000000000/reservation", headers=ward["bob"])
        assert missing.status_code == 404
        assert client.get(f"/api/projects/{ward['project_id']}/skips", headers=ward["bob"]).status_code == 403
        assert client.get(f"/api/projects/{ward['project_id']}/annotations", headers=ward["bob"]).status_code == 403


class TestSkip:
    def test_skip_leaves_the_queue_flags_the_lead_and_resolve_returns_it(
        self, client: TestClient, ward: dict[str, Any]
    ) -> None:
        top = ward["selection"][0]
        client.post(f"/api/patients/{top}/reservation", headers=ward["alice"])
        skipped = client.post(
            f"/api/patients/{top}/skip", json={"reason": "poor_quality", "note": " motion "}, headers=ward["alice"]
        )
        assert skipped.status_code == 201, skipped.text
        assert skipped.json()["reason"] == "poor_quality" and skipped.json()["note"] == "motion"
        assert top not in _queue_ids(client, ward["alice"])
        assert top not in _queue_ids(client, ward["bob"])
        # The reservation went with the skip, and the case is the lead's until resolved.
        set_aside = client.post(f"/api/patients/{top}/reservation", headers=ward["bob"])
        assert set_aside.status_code == 409 and "set aside" in set_aside.json()["detail"]

        flagged = client.get(f"/api/projects/{ward['project_id']}/skips", headers=ward["lead"]).json()
        assert [(f["patient_id"], f["reason"], f["skipped_by"]) for f in flagged] == [
            (top, "poor_quality", "radiologist")
        ]
        again = client.post(f"/api/patients/{top}/skip", json={"reason": "other"}, headers=ward["bob"])
        assert again.status_code == 409

        resolved = client.post(f"/api/patients/{top}/skip/resolve", headers=ward["lead"])
        assert resolved.status_code == 200 and resolved.json()["resolved_at"]
        assert client.get(f"/api/projects/{ward['project_id']}/skips", headers=ward["lead"]).json() == []
        history = client.get(
            f"/api/projects/{ward['project_id']}/skips", params={"include_resolved": True}, headers=ward["lead"]
        ).json()
        assert len(history) == 1
        assert top in _queue_ids(client, ward["alice"])
        assert client.post(f"/api/patients/{top}/reservation", headers=ward["bob"]).status_code == 200
        assert client.post(f"/api/patients/{top}/skip/resolve", headers=ward["lead"]).status_code == 404

    def test_bad_reason_is_422_and_changes_nothing(self, client: TestClient, ward: dict[str, Any]) -> None:
        top = ward["selection"][0]
        response = client.post(f"/api/patients/{top}/skip", json={"reason": "boring"}, headers=ward["alice"])
        assert response.status_code == 422
        assert top in _queue_ids(client, ward["alice"])

    def test_cannot_skip_a_case_a_colleague_holds(self, client: TestClient, ward: dict[str, Any]) -> None:
        top = ward["selection"][0]
        client.post(f"/api/patients/{top}/reservation", headers=ward["alice"])
        response = client.post(f"/api/patients/{top}/skip", json={"reason": "out_of_scope"}, headers=ward["bob"])
        assert response.status_code == 409
        assert client.get(f"/api/projects/{ward['project_id']}/skips", headers=ward["lead"]).json() == []

    def test_queue_items_carry_reason_round_and_strategy(self, client: TestClient, ward: dict[str, Any]) -> None:
        items = client.get("/api/queue", headers=ward["alice"]).json()
        assert items and items[0]["round_number"] == 1 and items[0]["strategy"] == "entropy"
        assert set(items[0]["components"]) == {"entropy", "voxels"}
