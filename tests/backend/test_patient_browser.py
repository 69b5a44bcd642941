"""The lead's patient browser: the patient list filters in the database (search, split, state, round), refuses a bad
filter with a 4xx in the error shape, and looking at a patient (case payload, volume, every mask version) reserves
nothing, writes no draft and audits only reads."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.backend.helpers import nifti_bytes, publish_round, read_nifti
from tests.conftest import login

READ_ACTIONS = {"patient.view", "patient.volume.read", "annotation.mask.read", "patient.prediction.read"}


def _listed(client: TestClient, project_id: str, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/projects/{project_id}/patients", params=params, headers=headers)
    assert response.status_code == 200, response.text
    rows = response.json()
    assert isinstance(rows, list)
    return rows


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["external_id"] for row in rows]


class TestFilters:
    def test_search_is_a_case_insensitive_substring_of_the_external_id(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        everyone = _listed(client, demo["project_id"], lead)
        assert len(everyone) == 10
        assert _ids(_listed(client, demo["project_id"], lead, q="CAMPUS_00")) == [
            e for e in _ids(everyone) if "campus_00" in e
        ]
        assert _ids(_listed(client, demo["project_id"], lead, q="Hippocampus_011")) == ["hippocampus_011"]
        # LIKE's wildcards are literal text here: no external id holds "%" or "_0_".
        assert _listed(client, demo["project_id"], lead, q="%") == []
        assert _listed(client, demo["project_id"], lead, q="_0_") == []
        assert _listed(client, demo["project_id"], lead, q="no-such-patient") == []

    def test_split_and_state_filters_match_the_unfiltered_list(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        pool = [p["id"] for p in _listed(client, project_id, lead, split="pool", state="unlabeled")]
        assert len(pool) == 4
        publish_round(project_id, pool[:3])
        assert client.post(f"/api/patients/{pool[0]}/reservation", headers=reader).status_code == 200
        skipped = client.post(f"/api/patients/{pool[1]}/skip", json={"reason": "other"}, headers=reader)
        assert skipped.status_code == 201, skipped.text

        everyone = _listed(client, project_id, lead)
        for split in ("pool", "validation"):
            expected = [p["external_id"] for p in everyone if p["split"] == split]
            assert _ids(_listed(client, project_id, lead, split=split)) == expected
        assert len(_listed(client, project_id, lead, split="validation")) == 2
        by_state = {
            state: _ids(_listed(client, project_id, lead, state=state))
            for state in ("validation", "annotated", "reserved", "queued", "set_aside", "unlabeled")
        }
        for state, shown in by_state.items():
            assert shown == [p["external_id"] for p in everyone if p["state"] == state], state
        ids = {p["id"]: p["external_id"] for p in everyone}
        assert by_state["reserved"] == [ids[pool[0]]]
        assert by_state["set_aside"] == [ids[pool[1]]]
        assert by_state["queued"] == [ids[pool[2]]]
        assert by_state["unlabeled"] == [ids[pool[3]]]
        assert len(by_state["annotated"]) == 4
        assert sum(len(shown) for shown in by_state.values()) == 10

    def test_round_filter_lists_what_that_round_selected_and_filters_combine(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        lead = login(client, "lead")
        pool = [p["id"] for p in _listed(client, project_id, lead, state="unlabeled")]
        publish_round(project_id, pool[:2])  # round 1, closed by the next
        publish_round(project_id, pool[2:])  # round 2, open
        everyone = {p["id"]: p["external_id"] for p in _listed(client, project_id, lead)}
        first = _listed(client, project_id, lead, round="1")
        assert _ids(first) == sorted(everyone[i] for i in pool[:2])
        assert {p["state"] for p in first} == {"unlabeled"}  # round 1 is closed: its picks are not queued any more
        second = _listed(client, project_id, lead, round="2")
        assert _ids(second) == sorted(everyone[i] for i in pool[2:])
        assert {p["state"] for p in second} == {"queued"}
        assert _listed(client, project_id, lead, round="2", state="unlabeled") == []
        one = everyone[pool[3]]
        assert _ids(_listed(client, project_id, lead, round="2", q=one.upper(), split="pool")) == [one]
        assert _listed(client, project_id, lead, round="2", split="validation") == []

    def test_a_radiologist_member_filters_the_same_list(self, client: TestClient, demo: dict[str, str]) -> None:
        reader = login(client, "radiologist")
        assert len(_listed(client, demo["project_id"], reader, split="validation")) == 2


class TestBadFilters:
    @pytest.mark.parametrize(
        ("params", "status", "error"),
        [
            ({"state": "done"}, 422, "ValidationError"),
            ({"split": "training"}, 422, "ValidationError"),
            ({"round": "0"}, 422, "ValidationError"),
            ({"round": "first"}, 422, "ValidationError"),
            ({"round": str(2**40)}, 422, "ValidationError"),
            ({"q": ""}, 422, "ValidationError"),
            ({"q": "a\x00b"}, 422, "ValidationError"),
            ({"q": "x" * 129}, 422, "ValidationError"),
            ({"round": "7"}, 400, "BadInput"),
        ],
    )
    def test_a_bad_filter_is_a_4xx_in_the_error_shape(
        self, client: TestClient, demo: dict[str, str], params: dict[str, str], status: int, error: str
    ) -> None:
        lead = login(client, "lead")
        response = client.get(f"/api/projects/{demo['project_id']}/patients", params=params, headers=lead)
        assert response.status_code == status, response.text
        body = response.json()
        assert set(body) == {"error", "detail"}
        assert body["error"] == error
        if status == 400:
            assert body["detail"] == "This project has no round 7"

    def test_a_round_of_another_project_is_unknown_here(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        other = client.post(
            "/api/projects",
            json={
                "name": "Other",
                "modality": "CT",
                "labels": [{"value": 1, "name": "liver", "color": "#ff0000"}],
                "cost_per_patient": 1,
                "budget_total": 10,
            },
            headers=lead,
        )
        assert other.status_code == 201, other.text
        pool = [p["id"] for p in _listed(client, demo["project_id"], lead, state="unlabeled")]
        publish_round(demo["project_id"], pool[:1])
        response = client.get(f"/api/projects/{other.json()['id']}/patients", params={"round": "1"}, headers=lead)
        assert response.status_code == 400
        assert response.json()["detail"] == "This project has no round 1"


def _footprint() -> tuple[int, int, list[str]]:
    """Reservations, drafts, and every audited action so far, oldest first."""
    from backend.db.session import session_scope
    from backend.models import AuditEvent, Draft, Reservation

    with session_scope() as session:
        reservations = session.scalar(select(func.count()).select_from(Reservation)) or 0
        drafts = session.scalar(select(func.count()).select_from(Draft)) or 0
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.created_at, AuditEvent.id)))
    return reservations, drafts, actions


def _correct(client: TestClient, patient_id: str, headers: dict[str, str], mask: np.ndarray, base: int) -> int:
    response = client.post(
        f"/api/patients/{patient_id}/ground-truth",
        files={"mask": ("mask.nii.gz", nifti_bytes(mask), "application/gzip")},
        data={"reason": "tail missed", "base_version": str(base)},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["version"])


class TestBrowsingReservesNothing:
    def test_a_lead_reads_every_mask_version_and_nothing_is_reserved_or_drafted(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        lead = login(client, "lead")
        patient = _listed(client, project_id, lead, state="annotated")[0]
        patient_id = patient["id"]
        first = client.get(f"/api/patients/{patient_id}/annotations", headers=lead).json()
        assert [(a["version"], a["source"]) for a in first] == [(1, "import")]
        imported = read_nifti(client.get(f"/api/annotations/{first[0]['id']}/mask", headers=lead).content)
        corrected = imported.copy()
        corrected[corrected == 2] = 0
        assert _correct(client, patient_id, lead, corrected, base=1) == 2

        before = _footprint()
        assert before[:2] == (0, 0)
        detail = client.get(f"/api/patients/{patient_id}", headers=lead).json()
        assert detail["masks"]["accepted"]["version"] == 2
        assert detail["masks"]["accepted"]["source"] == "correction"
        assert detail["masks"]["draft"] is None
        assert client.get(f"/api/patients/{patient_id}/volume", headers=lead).status_code == 200
        versions = client.get(f"/api/patients/{patient_id}/annotations", headers=lead).json()
        assert [(a["version"], a["source"], a["author"]) for a in versions] == [
            (1, "import", None),
            (2, "correction", "lead"),
        ]
        shown = {
            a["version"]: read_nifti(client.get(f"/api/annotations/{a['id']}/mask", headers=lead).content)
            for a in versions
        }
        assert int(np.count_nonzero(shown[1] == 2)) == int(np.count_nonzero(imported == 2)) > 0
        assert int(np.count_nonzero(shown[2] == 2)) == 0

        reservations, drafts, actions = _footprint()
        assert (reservations, drafts) == (0, 0)
        new = actions[len(before[2]) :]
        assert sorted(set(new)) == ["annotation.mask.read", "patient.view", "patient.volume.read"]
        assert not [a for a in actions if "reserv" in a or "draft" in a]
        # The list still says where the patient stands: nothing took it.
        assert _listed(client, project_id, lead, q=patient["external_id"])[0]["state"] == "annotated"

    def test_a_reader_looking_at_a_queued_case_does_not_take_it(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        case = _listed(client, project_id, lead, state="unlabeled")[0]["id"]
        publish_round(project_id, [case])
        before = _footprint()
        detail = client.get(f"/api/patients/{case}", headers=reader).json()
        assert detail["masks"]["starting"] == "empty"
        assert client.get(f"/api/patients/{case}/volume", headers=reader).status_code == 200
        assert client.get(f"/api/patients/{case}/annotations", headers=reader).json() == []
        reservations, drafts, actions = _footprint()
        assert (reservations, drafts) == (0, 0)
        assert set(actions[len(before[2]) :]) <= READ_ACTIONS
        assert _listed(client, project_id, lead, state="queued")[0]["id"] == case
        queue = client.get("/api/queue", headers=reader).json()
        assert [item["patient_id"] for item in queue] == [case]
        assert queue[0]["reserved_by_me"] is False


def test_state_filter_uses_the_counts_vocabulary() -> None:
    """One vocabulary: the list's state filter is the ``PatientState`` the counts use, word for word."""
    from backend.main import app
    from backend.project.schemas import PatientState

    params = app.openapi()["paths"]["/api/projects/{project_id}/patients"]["get"]["parameters"]
    state = next(p for p in params if p["name"] == "state")
    schema = state["schema"]
    options = schema.get("anyOf", [schema])
    refs = [o["$ref"] for o in options if "$ref" in o]
    assert refs == ["#/components/schemas/PatientState"]
    assert app.openapi()["components"]["schemas"]["PatientState"]["enum"] == [s.value for s in PatientState]
