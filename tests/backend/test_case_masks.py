"""The case payload says which drawings exist and which one the viewer starts from (issue 15, items 2 and 13).

The order is the reader's own draft, else the accepted annotation, else the latest prediction, else empty; each
mask comes with what a person needs to trust it (version and author, the round). Expected absences are answers,
not errors: no draft is 204 (and a null in the payload), and the browser's "who is logged in?" probe is 200 for an
anonymous visitor, while ``/api/auth/me`` stays 401 for API clients.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.backend.helpers import nifti_bytes, patients, read_nifti, submit
from tests.backend.workstation_helpers import add_radiologist, open_round_with_selection
from tests.conftest import DEMO_PASSWORD, login


def _predict(patient_id: str, shape: list[int], label: int = 2) -> tuple[str, int, np.ndarray]:
    """A stored prediction of the patient from the project's latest round (as a round's scoring writes it); returns
    the round's id and number and the predicted voxels."""
    from backend.db.session import session_scope
    from backend.models import ModelVersion, Patient, Prediction, Round
    from backend.storage import blobs

    voxels = np.zeros(shape, np.uint8)
    voxels[1:3, 1:3, 1] = label
    with session_scope() as session:
        patient = session.get(Patient, uuid.UUID(patient_id))
        assert patient is not None
        found = session.scalars(
            select(Round).where(Round.project_id == patient.project_id).order_by(Round.number.desc())
        ).first()
        assert found is not None
        model = ModelVersion(project_id=patient.project_id, round_id=found.id, storage_key="m/m.pt", sha256="m" * 64)
        session.add(model)
        session.flush()
        key = f"predictions/{patient_id}.nii.gz"
        session.add(
            Prediction(
                round_id=found.id,
                patient_id=patient.id,
                model_version_id=model.id,
                mask_key=key,
                mask_sha256=blobs.put_bytes(key, nifti_bytes(voxels)),
            )
        )
        return str(found.id), found.number, voxels


@pytest.fixture
def case(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    """A published round offering every unlabelled pool patient; two readers (alice, bob) and the lead."""
    selection = open_round_with_selection(demo["project_id"])
    add_radiologist(demo["project_id"])
    alice = login(client, "radiologist")
    top = selection[0]
    shape = client.get(f"/api/patients/{top}", headers=alice).json()["shape"]
    return {
        "project_id": demo["project_id"],
        "patient": top,
        "shape": shape,
        "alice": alice,
        "bob": login(client, "radiologist2"),
        "lead": login(client, "lead"),
    }


def _masks(client: TestClient, patient_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/patients/{patient_id}", headers=headers)
    assert response.status_code == 200, response.text
    masks: dict[str, Any] = response.json()["masks"]
    return masks


class TestStartingMask:
    def test_imported_annotation_is_the_start_with_its_version_and_no_author(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        lead = case["lead"]
        annotated = patients(client, case["project_id"], lead, status="annotated", split="pool")[0]
        masks = _masks(client, annotated["id"], lead)
        assert masks["starting"] == "accepted"
        assert masks["draft"] is None and masks["prediction"] is None
        accepted = masks["accepted"]
        assert accepted["version"] == annotated["annotation_version"] == 1
        assert accepted["source"] == "import" and accepted["author"] is None
        # The id is the one to download: the imported label, voxels and all.
        mask = client.get(f"/api/annotations/{accepted['annotation_id']}/mask", headers=lead)
        assert mask.status_code == 200
        assert read_nifti(mask.content).any()

    def test_nothing_to_start_from_is_empty(self, client: TestClient, case: dict[str, Any]) -> None:
        masks = _masks(client, case["patient"], case["alice"])
        assert masks == {"draft": None, "read": None, "accepted": None, "prediction": None, "starting": "empty"}

    def test_prediction_names_its_round(self, client: TestClient, case: dict[str, Any]) -> None:
        round_id, number, predicted = _predict(case["patient"], case["shape"])
        masks = _masks(client, case["patient"], case["alice"])
        assert masks["starting"] == "prediction"
        assert masks["prediction"]["round_number"] == number == 1
        assert masks["prediction"]["round_id"] == round_id
        assert masks["draft"] is None and masks["accepted"] is None
        detail = client.get(f"/api/patients/{case['patient']}", headers=case["alice"]).json()
        assert detail["has_prediction"] is True
        served = client.get(f"/api/patients/{case['patient']}/prediction", headers=case["alice"])
        assert np.array_equal(read_nifti(served.content), predicted)

    def test_own_draft_wins_and_stays_private(self, client: TestClient, case: dict[str, Any]) -> None:
        _predict(case["patient"], case["shape"])
        drawing = np.zeros(case["shape"], np.uint8)
        drawing[0, 0, 0] = 1
        saved = client.put(
            f"/api/patients/{case['patient']}/draft",
            files={"mask": ("draft.nii.gz", nifti_bytes(drawing), "application/gzip")},
            data={"time_spent_s": "42"},
            headers=case["alice"],
        )
        assert saved.status_code == 200, saved.text
        mine = _masks(client, case["patient"], case["alice"])
        assert mine["starting"] == "draft"
        assert mine["draft"]["time_spent_s"] == 42
        assert mine["draft"]["sha256"] == saved.json()["sha256"]
        assert mine["draft"]["updated_at"] == saved.json()["updated_at"]
        # The prediction is still listed (a reader may go back to it), just not the start.
        assert mine["prediction"] is not None
        # A colleague (or the lead) never sees someone else's draft: their start is the prediction.
        assert _masks(client, case["patient"], case["lead"])["starting"] == "prediction"
        assert _masks(client, case["patient"], case["lead"])["draft"] is None

    def test_submitted_annotation_beats_the_prediction_for_its_author(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        _, _, predicted = _predict(case["patient"], case["shape"])
        drawing = predicted.copy()
        drawing[0, 0, 0] = 1
        assert submit(client, case["patient"], case["alice"], nifti_bytes(drawing)).status_code == 201
        masks = _masks(client, case["patient"], case["alice"])
        # The submission cleared the draft; the reader re-opening their case sees what they submitted.
        assert masks["draft"] is None
        assert masks["starting"] == "accepted"
        assert masks["accepted"]["version"] == 1
        assert masks["accepted"]["source"] == "human" and masks["accepted"]["author"] == "radiologist"
        stored = client.get(f"/api/annotations/{masks['accepted']['annotation_id']}/mask", headers=case["alice"])
        assert np.array_equal(read_nifti(stored.content), drawing)

    def test_the_payload_is_documented_with_its_enum(self, client: TestClient) -> None:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        assert schemas["StartingMask"]["enum"] == ["draft", "read", "accepted", "prediction", "empty"]
        assert "masks" in schemas["PatientDetail"]["required"]


class TestExpectedAbsences:
    def test_no_draft_is_204_without_a_body(self, client: TestClient, case: dict[str, Any]) -> None:
        url = f"/api/patients/{case['patient']}/draft"
        absent = client.get(url, headers=case["alice"])
        assert absent.status_code == 204 and absent.content == b""
        saved = client.put(
            url,
            files={"mask": ("d.nii.gz", nifti_bytes(np.zeros(case["shape"], np.uint8)), "application/gzip")},
            headers=case["alice"],
        )
        assert saved.status_code == 200
        present = client.get(url, headers=case["alice"])
        assert present.status_code == 200 and present.json()["sha256"] == saved.json()["sha256"]
        # Its voxels stay a plain download: asking for the voxels of a draft that does not exist is still a 404.
        assert client.get(f"{url}/mask", headers=case["bob"]).status_code == 404

    def test_session_probe_answers_anonymous_visitors_without_an_error(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        client.cookies.clear()
        anonymous = client.get("/api/auth/session")
        assert anonymous.status_code == 200
        assert anonymous.json() == {"user": None, "reviews": False, "pending_reviews": 0}
        assert anonymous.headers["cache-control"] == "no-store"
        # API clients keep their 401.
        assert client.get("/api/auth/me").status_code == 401

    def test_session_probe_names_the_logged_in_user_and_forgets_an_ended_session(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        client.cookies.clear()
        assert client.post("/api/auth/login", json={"username": "lead", "password": DEMO_PASSWORD}).status_code == 200
        assert "radloop_session" in client.cookies
        who = client.get("/api/auth/session").json()["user"]
        assert who["username"] == "lead" and who["role"] == "lead"
        assert client.post("/api/auth/logout").status_code == 204
        # A stale cookie (sent again by hand, as a browser with an old tab would) is an anonymous visitor now.
        stale = login(client, "lead")["Authorization"].removeprefix("Bearer ")
        client.post("/api/auth/logout", headers={"Authorization": f"Bearer {stale}"})
        client.cookies.set("radloop_session", stale)
        ended = client.get("/api/auth/session")
        assert ended.status_code == 200 and ended.json() == {"user": None, "reviews": False, "pending_reviews": 0}
        assert 'radloop_session=""' in ended.headers["set-cookie"]
