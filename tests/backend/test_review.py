"""Review of every mask (issue 17, item 1): submitted → in review → returned → resubmitted → accepted, on SQLite and
Postgres; only accepted masks are ground truth; the budget is charged once per case; every decision is audited."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import Annotation, AuditEvent, CaseReview, LedgerEntry
from tests.backend.helpers import nifti_bytes, patients, publish_round, read_nifti, submit
from tests.conftest import DEMO_PASSWORD, login


def _mask(client: TestClient, patient_id: str, headers: dict[str, str], *, voxels: int = 1) -> tuple[bytes, np.ndarray]:
    shape = client.get(f"/api/patients/{patient_id}", headers=headers).json()["shape"]
    data = np.zeros(shape, dtype=np.uint8)
    data.reshape(-1)[:voxels] = 1
    return nifti_bytes(data), data


def _user_ids(client: TestClient, admin: dict[str, str]) -> dict[str, str]:
    return {u["username"]: u["id"] for u in client.get("/api/admin/users", headers=admin).json()}


@pytest.fixture
def reviewed(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    """The demo project with review on, a second radiologist (rita, a reviewer) and a published round of the four
    unlabelled pool patients."""
    project_id = demo["project_id"]
    admin, lead = login(client, "admin"), login(client, "lead")
    created = client.post(
        "/api/admin/users", json={"username": "rita", "password": DEMO_PASSWORD, "role": "radiologist"}, headers=admin
    )
    assert created.status_code == 201, created.text
    users = _user_ids(client, admin)
    members = [
        {"user_id": users["lead"]},
        {"user_id": users["radiologist"]},
        {"user_id": users["rita"], "is_reviewer": True},
    ]
    assert client.put(f"/api/projects/{project_id}/members", json={"members": members}, headers=lead).status_code == 200
    response = client.patch(f"/api/projects/{project_id}/settings", json={"review_required": True}, headers=lead)
    assert response.status_code == 200 and response.json()["review_required"] is True
    pool = [p["id"] for p in patients(client, project_id, lead, split="pool", status="unlabeled")]
    publish_round(project_id, pool)
    return {
        "project_id": project_id,
        "pool": pool,
        "lead": lead,
        "reader": login(client, "radiologist"),
        "rita": login(client, "rita"),
        "admin": admin,
        "users": users,
    }


def _remaining(client: TestClient, project_id: str, headers: dict[str, str]) -> float:
    remaining: float = client.get(f"/api/projects/{project_id}", headers=headers).json()["budget_remaining"]
    return remaining


def _actions(patient_id: str) -> list[str]:
    with session_scope() as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.target_id == patient_id, AuditEvent.action.like("review.%"))
                .order_by(AuditEvent.created_at)
            )
        )


class TestTheReviewLoop:
    def test_a_read_waits_for_review_charged_once_and_offered_to_nobody(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        project_id, case, reader, lead = (
            reviewed["project_id"],
            reviewed["pool"][0],
            reviewed["reader"],
            reviewed["lead"],
        )
        before = _remaining(client, project_id, lead)
        mask, _ = _mask(client, case, reader)
        response = submit(client, case, reader, mask, time_spent_s="42")
        assert response.status_code == 201, response.text
        assert response.json()["version"] == 1 and response.json()["review_status"] == "pending"
        session_state = client.get("/api/auth/session", headers=lead).json()
        assert session_state["reviews"] is True and session_state["pending_reviews"] == 1
        assert client.get("/api/auth/session", headers=reader).json()["reviews"] is False
        assert _remaining(client, project_id, lead) == before - 1.0  # the demo's flat 1.00 per patient

        detail = client.get(f"/api/patients/{case}", headers=reader).json()
        assert detail["status"] == "in_review" and detail["annotation_version"] is None
        assert detail["masks"]["starting"] == "read"
        assert detail["masks"]["read"]["version"] == 1 and detail["masks"]["read"]["review_status"] == "pending"
        assert detail["masks"]["accepted"] is None
        # Nobody's queue offers it again; the lead's list and counts say where it is.
        assert case not in {item["patient_id"] for item in client.get("/api/queue", headers=reviewed["rita"]).json()}
        states = {p["id"]: p["state"] for p in patients(client, project_id, lead)}
        assert states[case] == "in_review"
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["counts"]["in_review"] == 1

        queue = client.get("/api/reviews", headers=lead, params={"project_id": project_id})
        assert queue.status_code == 200
        [item] = queue.json()
        assert item["patient_id"] == case and item["status"] == "pending"
        assert [(r["read_number"], r["version"], r["author"], r["time_spent_s"]) for r in item["reads"]] == [
            (1, 1, "radiologist", 42.0)
        ]
        assert item["reads"][0]["author_id"] == reviewed["users"]["radiologist"]

    def test_returned_fixed_and_accepted_with_one_charge_and_every_decision_audited(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        project_id, case = reviewed["project_id"], reviewed["pool"][0]
        reader, lead = reviewed["reader"], reviewed["lead"]
        first, _ = _mask(client, case, reader, voxels=1)
        assert submit(client, case, reader, first).status_code == 201
        charged = _remaining(client, project_id, lead)

        returned = client.post(
            f"/api/patients/{case}/review/return",
            json={"comment": "The tail of the hippocampus is missing", "review_time_s": 30},
            headers=lead,
        )
        assert returned.status_code == 200, returned.text
        assert returned.json()["status"] == "returned" and returned.json()["returned_to"] == "radiologist"
        [back] = client.get("/api/queue/returned", headers=reader).json()
        assert back["patient_id"] == case and back["comment"] == "The tail of the hippocampus is missing"
        assert back["reviewer"] == "lead"
        read = client.get(f"/api/patients/{case}", headers=reader).json()["masks"]["read"]
        assert read["review_status"] == "returned" and read["comment"] == "The tail of the hippocampus is missing"
        # While it is returned, the reviewer cannot decide on it.
        assert (
            client.post(
                f"/api/patients/{case}/review/accept", data={"annotation_id": read["annotation_id"]}, headers=lead
            ).status_code
            == 409
        )

        fixed, fixed_voxels = _mask(client, case, reader, voxels=5)
        stale = submit(client, case, reader, fixed)  # no base_version: they started from their read, version 1
        assert stale.status_code == 409 and "changed meanwhile" in stale.json()["detail"]
        resubmitted = submit(client, case, reader, fixed, base_version="1")
        assert resubmitted.status_code == 201, resubmitted.text
        assert resubmitted.json()["version"] == 2
        assert _remaining(client, project_id, lead) == charged  # a revision is not charged again
        assert client.get("/api/queue/returned", headers=reader).json() == []

        review = client.get(f"/api/patients/{case}/review", headers=lead).json()
        assert review["status"] == "pending"
        assert [r["version"] for r in review["reads"]] == [2]
        assert [(v["version"], v["read_number"]) for v in review["history"]] == [(1, 1), (2, 1)]
        accepted = client.post(
            f"/api/patients/{case}/review/accept",
            data={"annotation_id": review["reads"][0]["annotation_id"], "review_time_s": "12.5"},
            headers=lead,
        )
        assert accepted.status_code == 201, accepted.text
        assert accepted.json() == {"annotation_id": review["reads"][0]["annotation_id"], "version": 2, "edited": False}

        detail = client.get(f"/api/patients/{case}", headers=lead).json()
        assert detail["status"] == "annotated" and detail["annotation_version"] == 2
        stored = client.get(f"/api/annotations/{detail['masks']['accepted']['annotation_id']}/mask", headers=lead)
        assert np.array_equal(read_nifti(stored.content), fixed_voxels)
        assert _remaining(client, project_id, lead) == charged
        with session_scope() as session:
            debits = session.scalars(select(LedgerEntry).where(LedgerEntry.patient_id == uuid.UUID(case))).all()
            assert len(debits) == 1
            row = session.scalars(select(CaseReview)).one()
            assert row.status == "accepted" and row.review_time_s == pytest.approx(42.5)
        assert _actions(case) == ["review.return", "review.accept"]
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        assert {row["username"]: row["returned"] for row in board["throughput"]}["radiologist"] == 1
        assert board["reviewers"] == [
            {"username": "lead", "accepted": 1, "edited": 0, "returned": 1, "hours": round(42.5 / 3600, 4)}
        ]
        decisions = client.get(f"/api/patients/{case}/review", headers=lead).json()["decisions"]
        assert [(d["action"], d["reviewer"], d.get("to"), d.get("version")) for d in decisions] == [
            ("return", "lead", "radiologist", None),
            ("accept", "lead", None, 2),
        ]
        # Decided: no second decision, no further read.
        again = client.post(f"/api/patients/{case}/review/return", json={"comment": "x"}, headers=lead)
        assert again.status_code == 409 and "already accepted" in again.json()["detail"]
        late = submit(client, case, reader, fixed, base_version="2")
        assert late.status_code == 403 and "accepted by a reviewer" in late.json()["detail"]

    def test_a_reviewer_edit_is_a_new_version_derived_from_the_reads(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        case, reader, rita = reviewed["pool"][1], reviewed["reader"], reviewed["rita"]
        read, _ = _mask(client, case, reader, voxels=3)
        created = submit(client, case, reader, read)
        assert created.status_code == 201
        edit, edit_voxels = _mask(client, case, rita, voxels=8)
        accepted = client.post(
            f"/api/patients/{case}/review/accept",
            files={"mask": ("mask.nii.gz", edit, "application/gzip")},
            data={"comment": "Extended the boundary"},
            headers=rita,
        )
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["edited"] is True and accepted.json()["version"] == 2
        with session_scope() as session:
            stored = session.get_one(Annotation, uuid.UUID(accepted.json()["annotation_id"]))
            assert stored.source == "review" and stored.read_number is None
            assert stored.derived_from == [created.json()["id"]]
        mask = client.get(f"/api/annotations/{accepted.json()['annotation_id']}/mask", headers=reviewed["lead"])
        assert np.array_equal(read_nifti(mask.content), edit_voxels)
        board = client.get(f"/api/projects/{reviewed['project_id']}/dashboard", headers=reviewed["lead"]).json()
        [rita_load] = board["reviewers"]
        assert (rita_load["username"], rita_load["accepted"], rita_load["edited"]) == ("rita", 1, 1)

    def test_only_accepted_masks_are_exported(self, client: TestClient, reviewed: dict[str, Any]) -> None:
        project_id, case, reader, lead = (
            reviewed["project_id"],
            reviewed["pool"][0],
            reviewed["reader"],
            reviewed["lead"],
        )
        external_id = client.get(f"/api/patients/{case}", headers=lead).json()["external_id"]

        def exported() -> set[str]:
            response = client.get(f"/api/projects/{project_id}/export", headers=lead)
            assert response.status_code == 200
            manifest = zipfile.ZipFile(io.BytesIO(response.content)).read("manifest.csv").decode()
            return {line.split(",")[0] for line in manifest.splitlines()[1:]}

        submitted = submit(client, case, reader, _mask(client, case, reader)[0])
        assert submitted.status_code == 201
        assert external_id not in exported()
        assert (
            client.post(
                f"/api/patients/{case}/review/accept", data={"annotation_id": submitted.json()["id"]}, headers=lead
            ).status_code
            == 201
        )
        assert external_id in exported()

    def test_rounds_train_only_on_accepted_masks(self, client: TestClient, reviewed: dict[str, Any]) -> None:
        from backend.models import Project
        from worker.tasks.data import load_round_data

        case, reader = reviewed["pool"][0], reviewed["reader"]
        assert submit(client, case, reader, _mask(client, case, reader)[0]).status_code == 201
        with session_scope() as session:
            data = load_round_data(session, session.get_one(Project, uuid.UUID(reviewed["project_id"])))
            trained = {str(p.patient_id) for p in data.train}
            pooled = {str(p.patient_id) for p in data.pool}
        assert case not in trained and case not in pooled  # paid for, waiting: neither trained on nor scored
        assert len(pooled) == 3


class TestWhoDecides:
    def test_radiologists_review_only_where_marked_and_nobody_reviews_their_own_read(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        case, reader, lead, rita = reviewed["pool"][0], reviewed["reader"], reviewed["lead"], reviewed["rita"]
        created = submit(client, case, reader, _mask(client, case, reader)[0])
        assert created.status_code == 201
        # The reader is no reviewer here; rita is.
        assert client.get(f"/api/patients/{case}/review", headers=reader).status_code == 403
        assert client.get("/api/reviews", headers=reader).json() == []
        assert (
            client.get("/api/reviews", headers=reader, params={"project_id": reviewed["project_id"]}).status_code == 403
        )
        assert [i["patient_id"] for i in client.get("/api/reviews", headers=rita).json()] == [case]
        # A lead's own read goes to another reviewer.
        other = reviewed["pool"][1]
        own = submit(client, other, lead, _mask(client, other, lead)[0])
        assert own.status_code == 201
        refused = client.post(
            f"/api/patients/{other}/review/accept", data={"annotation_id": own.json()["id"]}, headers=lead
        )
        assert refused.status_code == 403 and "read this case yourself" in refused.json()["detail"]
        assert (
            client.post(
                f"/api/patients/{other}/review/accept", data={"annotation_id": own.json()["id"]}, headers=rita
            ).status_code
            == 201
        )

    def test_a_colleague_cannot_add_to_a_read_in_review(self, client: TestClient, reviewed: dict[str, Any]) -> None:
        case, reader, rita = reviewed["pool"][0], reviewed["reader"], reviewed["rita"]
        assert submit(client, case, reader, _mask(client, case, reader)[0]).status_code == 201
        refused = submit(client, case, rita, _mask(client, case, rita)[0])
        assert refused.status_code == 403 and "only its readers revise" in refused.json()["detail"]

    @pytest.mark.parametrize(
        ("form", "files", "message"),
        [
            ({}, None, "either one of the case's reads"),
            ({"annotation_id": "00000000-0000-4000-8000-000000000000"}, None, "neither the latest version of a read"),
        ],
    )
    def test_an_accept_names_exactly_one_read_or_mask(
        self,
        client: TestClient,
        reviewed: dict[str, Any],
        form: dict[str, str],
        files: dict[str, Any] | None,
        message: str,
    ) -> None:
        case, reader, lead = reviewed["pool"][0], reviewed["reader"], reviewed["lead"]
        assert submit(client, case, reader, _mask(client, case, reader)[0]).status_code == 201
        response = client.post(f"/api/patients/{case}/review/accept", data=form, files=files, headers=lead)
        assert response.status_code == 400 and message in response.json()["detail"]
        assert client.get(f"/api/patients/{case}/review", headers=lead).json()["status"] == "pending"

    def test_returning_needs_a_comment_and_one_of_the_readers(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        case, reader, lead = reviewed["pool"][0], reviewed["reader"], reviewed["lead"]
        assert submit(client, case, reader, _mask(client, case, reader)[0]).status_code == 201
        url = f"/api/patients/{case}/review/return"
        assert client.post(url, json={"comment": "   "}, headers=lead).status_code == 400
        stranger = client.post(url, json={"comment": "x", "reader_id": reviewed["users"]["rita"]}, headers=lead)
        assert stranger.status_code == 400 and "one of its readers" in stranger.json()["detail"]
        assert client.get(f"/api/patients/{case}/review", headers=lead).json()["status"] == "pending"
        assert _actions(case) == []

    def test_a_project_without_review_accepts_at_once(self, client: TestClient, reviewed: dict[str, Any]) -> None:
        project_id, lead, reader = reviewed["project_id"], reviewed["lead"], reviewed["reader"]
        off = client.patch(f"/api/projects/{project_id}/settings", json={"review_required": False}, headers=lead)
        assert off.status_code == 200
        case = reviewed["pool"][2]
        assert submit(client, case, reader, _mask(client, case, reader)[0]).status_code == 201
        detail = client.get(f"/api/patients/{case}", headers=reader).json()
        assert detail["status"] == "annotated" and detail["annotation_version"] == 1
        assert client.get(f"/api/patients/{case}/review", headers=lead).status_code == 404
        assert client.get("/api/auth/session", headers=lead).json()["pending_reviews"] == 0


class TestTwoReviewersAtOnce:
    """Two reviewers open the same pending case and decide together: one decision wins, the rest get a 409 naming
    the case's state, and nothing of the losers is stored (no version, no audit event, no second charge)."""

    def test_accepts_edits_and_returns_racing_on_one_case_leave_one_decision(
        self, client: TestClient, reviewed: dict[str, Any]
    ) -> None:
        import threading
        from concurrent.futures import ThreadPoolExecutor

        project_id, case = reviewed["project_id"], reviewed["pool"][3]
        reader, lead, rita = reviewed["reader"], reviewed["lead"], reviewed["rita"]
        created = submit(client, case, reader, _mask(client, case, reader, voxels=2)[0])
        assert created.status_code == 201
        charged = _remaining(client, project_id, lead)
        read_id = created.json()["id"]
        edit, _ = _mask(client, case, rita, voxels=6)

        def accept(headers: dict[str, str]) -> Any:
            return client.post(f"/api/patients/{case}/review/accept", data={"annotation_id": read_id}, headers=headers)

        def accept_edited(headers: dict[str, str]) -> Any:
            files = {"mask": ("mask.nii.gz", edit, "application/gzip")}
            return client.post(f"/api/patients/{case}/review/accept", files=files, headers=headers)

        def give_back(headers: dict[str, str]) -> Any:
            return client.post(f"/api/patients/{case}/review/return", json={"comment": "Redo it"}, headers=headers)

        calls = [(decide, who) for decide in (accept, accept_edited, give_back) for who in (lead, rita)] * 2
        barrier = threading.Barrier(len(calls))

        def run(call: tuple[Any, dict[str, str]]) -> Any:
            barrier.wait()
            return call[0](call[1])

        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            responses = list(pool.map(run, calls))
        won = [r for r in responses if r.status_code < 300]
        lost = [r for r in responses if r.status_code >= 300]
        assert len(won) == 1, [(r.status_code, r.text) for r in responses]
        assert {r.status_code for r in lost} == {409}, [r.text for r in lost]
        state = "returned" if "returned_to" in won[0].json() else "accepted"
        # Each refusal names the state the winner left the case in, or (two edits numbered alike) says it changed.
        unclear = [r.json()["detail"] for r in lost if state not in r.json()["detail"] and "meanwhile" not in r.text]
        assert unclear == []

        with session_scope() as session:
            review = session.scalars(select(CaseReview).where(CaseReview.patient_id == uuid.UUID(case))).one()
            versions = session.scalars(select(Annotation.version).where(Annotation.patient_id == uuid.UUID(case))).all()
        assert review.status == state
        assert _actions(case) == [f"review.{'return' if state == 'returned' else 'accept'}"]
        edited = state == "accepted" and won[0].json()["edited"]
        assert sorted(versions) == ([1, 2] if edited else [1])
        assert _remaining(client, project_id, lead) == charged
        status = client.get(f"/api/patients/{case}", headers=lead).json()["status"]
        assert status == ("annotated" if state == "accepted" else "in_review")
