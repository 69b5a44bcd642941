"""Draft autosave: per user and patient, validated like a mask, stored gzipped, cleared by the submission."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, read_nifti, submit
from tests.backend.workstation_helpers import add_radiologist, open_round_with_selection
from tests.conftest import login


@pytest.fixture
def case(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    selection = open_round_with_selection(demo["project_id"])
    add_radiologist(demo["project_id"])
    alice = login(client, "radiologist")
    top = selection[0]
    shape = client.get(f"/api/patients/{top}", headers=alice).json()["shape"]
    return {"patient": top, "shape": shape, "alice": alice, "bob": login(client, "radiologist2")}


def _put(client: TestClient, case: dict[str, Any], payload: bytes, who: str = "alice", **form: str) -> Any:
    return client.put(
        f"/api/patients/{case['patient']}/draft",
        files={"mask": ("draft.nii.gz", payload, "application/gzip")},
        data=form,
        headers=case[who],
    )


class TestDrafts:
    def test_save_restore_overwrite_and_submit_clears(self, client: TestClient, case: dict[str, Any]) -> None:
        patient, alice = case["patient"], case["alice"]
        assert client.get(f"/api/patients/{patient}/draft", headers=alice).status_code == 204
        mask = np.zeros(case["shape"], dtype=np.uint8)
        mask[2:4, 2:4, 2:4] = 1
        saved = _put(client, case, nifti_bytes(mask, compress=False), time_spent_s="7.5")
        assert saved.status_code == 200, saved.text
        assert saved.json()["time_spent_s"] == 7.5
        # Stored compressed even when sent raw.
        stored = client.get(f"/api/patients/{patient}/draft/mask", headers=alice)
        assert stored.status_code == 200 and stored.content[:2] == b"\x1f\x8b"
        assert stored.headers["etag"] == f'"{saved.json()["sha256"]}"'
        assert np.array_equal(read_nifti(stored.content), mask)
        not_modified = client.get(
            f"/api/patients/{patient}/draft/mask", headers={**alice, "If-None-Match": stored.headers["etag"]}
        )
        assert not_modified.status_code == 304

        mask[5, 5, 5] = 2
        assert _put(client, case, nifti_bytes(mask), time_spent_s="9").status_code == 200
        assert np.array_equal(
            read_nifti(client.get(f"/api/patients/{patient}/draft/mask", headers=alice).content), mask
        )
        # Saving the draft reserved the case: a colleague is refused.
        assert client.post(f"/api/patients/{patient}/reservation", headers=case["bob"]).status_code == 409

        assert submit(client, patient, alice, nifti_bytes(mask)).status_code == 201
        assert client.get(f"/api/patients/{patient}/draft", headers=alice).status_code == 204

    def test_drafts_are_per_user(self, client: TestClient, case: dict[str, Any]) -> None:
        mask = np.zeros(case["shape"], dtype=np.uint8)
        assert _put(client, case, nifti_bytes(mask)).status_code == 200
        assert client.get(f"/api/patients/{case['patient']}/draft", headers=case["bob"]).status_code == 204

    @pytest.mark.parametrize(
        ("kind", "message"),
        [("empty", "empty"), ("garbage", "NIfTI"), ("shape", "does not match"), ("label", "[9]")],
    )
    def test_bad_draft_is_rejected_and_keeps_the_previous_one(
        self, client: TestClient, case: dict[str, Any], kind: str, message: str
    ) -> None:
        good = np.zeros(case["shape"], dtype=np.uint8)
        good[1, 1, 1] = 1
        assert _put(client, case, nifti_bytes(good)).status_code == 200
        bad_label = good.copy()
        bad_label[0, 0, 0] = 9
        payload = {
            "empty": b"",
            "garbage": b"not a nifti",
            "shape": nifti_bytes(np.zeros((2, 2, 2), dtype=np.uint8)),
            "label": nifti_bytes(bad_label),
        }[kind]
        response = _put(client, case, payload)
        assert response.status_code == 400
        assert message in response.json()["detail"]
        kept = client.get(f"/api/patients/{case['patient']}/draft/mask", headers=case["alice"])
        assert np.array_equal(read_nifti(kept.content), good)

    def test_discard(self, client: TestClient, case: dict[str, Any]) -> None:
        assert _put(client, case, nifti_bytes(np.zeros(case["shape"], dtype=np.uint8))).status_code == 200
        assert client.delete(f"/api/patients/{case['patient']}/draft", headers=case["alice"]).status_code == 204
        assert client.get(f"/api/patients/{case['patient']}/draft", headers=case["alice"]).status_code == 204
        assert client.delete(f"/api/patients/{case['patient']}/draft", headers=case["alice"]).status_code == 204
