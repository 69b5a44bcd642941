"""Double reading (issue 17, items 2–4): a second, blind reader paid from the same budget, agreement between the reads
and with the accepted mask, and a consensus proposed to the reviewer; on SQLite and Postgres."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import Annotation, CaseReview, Job, LedgerEntry, ReadAgreement
from backend.project.export import _safe_name
from tests.backend.helpers import nifti_bytes, patients, publish_round, read_nifti, submit
from tests.backend.rbac_rules import PARAMS
from tests.conftest import DEMO_PASSWORD, login


def _mask(shape: list[int], box: tuple[slice, ...]) -> tuple[bytes, np.ndarray]:
    data = np.zeros(shape, dtype=np.uint8)
    data[box] = 1
    return nifti_bytes(data), data


@pytest.fixture
def double(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    """The demo project reviewed and double-read in full (every read case gets a second reader), a second
    radiologist (rita) and a published round of the four unlabelled pool patients."""
    project_id = demo["project_id"]
    admin, lead = login(client, "admin"), login(client, "lead")
    created = client.post(
        "/api/admin/users", json={"username": "rita", "password": DEMO_PASSWORD, "role": "radiologist"}, headers=admin
    )
    assert created.status_code == 201, created.text
    users = {u["username"]: u["id"] for u in client.get("/api/admin/users", headers=admin).json()}
    members = [{"user_id": users[name]} for name in ("lead", "radiologist", "rita")]
    assert client.put(f"/api/projects/{project_id}/members", json={"members": members}, headers=lead).status_code == 200
    settings = {"review_required": True, "double_read_fraction": 1.0, "double_read_rule": "random"}
    response = client.patch(f"/api/projects/{project_id}/settings", json=settings, headers=lead)
    assert response.status_code == 200, response.text
    assert response.json()["double_read_fraction"] == 1.0
    pool = [p["id"] for p in patients(client, project_id, lead, split="pool", status="unlabeled")]
    publish_round(project_id, pool)
    shape = client.get(f"/api/patients/{pool[0]}", headers=lead).json()["shape"]
    return {
        "project_id": project_id,
        "pool": pool,
        "shape": shape,
        "lead": lead,
        "reader": login(client, "radiologist"),
        "rita": login(client, "rita"),
    }


def _jobs(kind: str = "review_reads") -> list[uuid.UUID]:
    with session_scope() as session:
        return list(session.scalars(select(Job.id).where(Job.kind == kind, Job.status == "queued")))


def _run_review_jobs() -> int:
    """What the cpu worker runs: every queued review job (here through ``python -m worker.cli review-reads``)."""
    from worker import cli

    queued = _jobs()
    assert cli.main(["review-reads"]) == 0
    assert _jobs() == []
    return len(queued)


def _remaining(client: TestClient, project_id: str, headers: dict[str, str]) -> float:
    remaining: float = client.get(f"/api/projects/{project_id}", headers=headers).json()["budget_remaining"]
    return remaining


class TestSecondRead:
    def test_two_blind_reads_two_charges_then_agreement_consensus_and_acceptance(
        self, client: TestClient, double: dict[str, Any]
    ) -> None:
        project_id, case, shape = double["project_id"], double["pool"][0], double["shape"]
        reader, rita, lead = double["reader"], double["rita"], double["lead"]
        before = _remaining(client, project_id, lead)
        first_bytes, first = _mask(shape, (slice(2, 12), slice(2, 12), slice(2, 12)))
        assert submit(client, case, reader, first_bytes).status_code == 201
        assert client.get(f"/api/patients/{case}", headers=reader).json()["masks"]["read"]["review_status"] == (
            "second_read"
        )
        # Offered to rita, first in her queue; not to its first reader.
        assert case not in {i["patient_id"] for i in client.get("/api/queue", headers=reader).json()}
        queue = client.get("/api/queue", headers=rita).json()
        assert queue[0]["patient_id"] == case and queue[0]["second_read"] is True
        assert sum(1 for item in queue if item["second_read"]) == 1
        # Rita opens it blind: no read, nothing accepted.
        masks = client.get(f"/api/patients/{case}", headers=rita).json()["masks"]
        assert masks["read"] is None and masks["accepted"] is None and masks["starting"] in {"prediction", "empty"}
        assert _jobs() == []  # one read: nothing to compare yet

        second_bytes, second = _mask(shape, (slice(3, 13), slice(2, 12), slice(2, 12)))
        response = submit(client, case, rita, second_bytes, time_spent_s="60")
        assert response.status_code == 201, response.text
        assert _remaining(client, project_id, lead) == before - 2.0  # each read paid, from the same budget
        with session_scope() as session:
            review = session.scalars(select(CaseReview)).one()
            assert review.status == "pending" and review.double_read and review.second_reader_id is not None
            assert len(session.scalars(select(LedgerEntry).where(LedgerEntry.patient_id == uuid.UUID(case))).all()) == 2
        assert _run_review_jobs() == 1

        detail = client.get(f"/api/patients/{case}/review", headers=lead).json()
        assert [(r["read_number"], r["author"]) for r in detail["reads"]] == [(1, "radiologist"), (2, "rita")]
        [between] = [a for a in detail["agreement"] if a["kind"] == "between_reads"]
        # Two 10-voxel cubes one voxel apart: Dice 0.9, a one-voxel (1 mm) 95th-percentile boundary distance.
        assert between["label"] == 1 and between["dice"] == pytest.approx(0.9)
        assert between["hausdorff95_mm"] == pytest.approx(1.0) and 0 < between["surface_dice"] <= 1
        assert (between["reader"], between["other"]) == ("rita", "radiologist")
        consensus = detail["consensus"]
        assert consensus is not None
        proposed = client.get(f"/api/annotations/{consensus['annotation_id']}/mask", headers=lead)
        assert np.array_equal(read_nifti(proposed.content), np.logical_and(first, second).astype(np.uint8))

        accepted = client.post(
            f"/api/patients/{case}/review/accept", data={"annotation_id": consensus["annotation_id"]}, headers=lead
        )
        assert accepted.status_code == 201, accepted.text
        assert _run_review_jobs() == 1
        with session_scope() as session:
            stored = session.get_one(Annotation, uuid.UUID(consensus["annotation_id"]))
            assert stored.source == "consensus" and len(stored.derived_from or []) == 2
            vs_accepted = session.scalars(
                select(ReadAgreement).where(ReadAgreement.kind == "read_vs_accepted").order_by(ReadAgreement.dice)
            ).all()
        # Each read against the intersection: 900 of 1000 voxels, Dice 2·900/1900.
        assert [round(r.dice, 4) for r in vs_accepted] == [round(1800 / 1900, 4)] * 2
        assert _remaining(client, project_id, lead) == before - 2.0  # review charges nothing
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        quality = {
            row["username"]: (
                row["agreement_with_readers"],
                row["cases_read_twice"],
                row["agreement_with_accepted"],
                row["cases_reviewed"],
            )
            for row in board["throughput"]
        }
        expected = (pytest.approx(0.9), 1, pytest.approx(1800 / 1900, abs=1e-4), 1)
        assert quality["radiologist"] == expected and quality["rita"] == expected

        # The export can carry each reader's read and the consensus beside the accepted label.
        exported = client.get(f"/api/projects/{project_id}/export", params={"include_reads": "true"}, headers=lead)
        assert exported.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(exported.content))
        names = set(archive.namelist())
        stem = _safe_name(client.get(f"/api/patients/{case}", headers=lead).json()["external_id"])
        assert f"labels/{stem}.nii.gz" in names  # the reads share the accepted label's file stem
        assert {f"reads/{stem}_read1.nii.gz", f"reads/{stem}_read2.nii.gz", f"consensus/{stem}.nii.gz"} <= names
        assert np.array_equal(read_nifti(archive.read(f"reads/{stem}_read2.nii.gz")), second)
        rows = archive.read("reads.csv").decode().splitlines()[1:]
        assert [row.split(",")[1:3] for row in rows] == [["read", "1"], ["read", "2"], ["consensus", ""]]
        plain = zipfile.ZipFile(io.BytesIO(client.get(f"/api/projects/{project_id}/export", headers=lead).content))
        assert not any(n.startswith(("reads/", "consensus/")) for n in plain.namelist())

    def test_the_second_reader_never_receives_the_first_read_by_any_route(
        self, client: TestClient, double: dict[str, Any]
    ) -> None:
        from backend.main import create_app

        project_id, case, shape = double["project_id"], double["pool"][0], double["shape"]
        reader, rita, lead = double["reader"], double["rita"], double["lead"]
        first_bytes, _ = _mask(shape, (slice(2, 12), slice(2, 12), slice(2, 12)))
        created = submit(client, case, reader, first_bytes)
        assert created.status_code == 201
        first_id, first_sha = created.json()["id"], created.json()["sha256"]
        with session_scope() as session:
            stored = session.get_one(Annotation, uuid.UUID(first_id))
            from backend.storage import blobs

            first_blob = blobs.read_bytes(stored.storage_key)
            values: dict[str, str] = {}
            for name, resolve in PARAMS.items():
                try:
                    values[name] = resolve(session, uuid.UUID(project_id))
                except LookupError:  # no such object in this world: any id reaches the route's own checks
                    values[name] = str(uuid.uuid4())
        values.update(patient_id=case, annotation_id=first_id)
        leaked: list[str] = []
        for path, methods in create_app().openapi()["paths"].items():
            if "get" not in methods:
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
            for caller, headers in (("rita", rita), ("lead", lead)):
                response = client.get(url, headers=headers)
                body = response.content
                if first_id.encode() in body or first_sha.encode() in body or first_blob in body:
                    leaked.append(f"{caller} GET {path} -> {response.status_code}")
        assert leaked == []
        # Its own reader still sees it.
        assert client.get(f"/api/annotations/{first_id}/mask", headers=reader).status_code == 200
        refused = client.get(f"/api/annotations/{first_id}/mask", headers=rita)
        assert refused.status_code == 403 and "blind" in refused.json()["detail"]

    def test_a_read_colleague_and_a_non_reviewer_stay_blind_after_both_reads(
        self, client: TestClient, double: dict[str, Any]
    ) -> None:
        case, shape, reader, rita, lead = (
            double["pool"][0],
            double["shape"],
            double["reader"],
            double["rita"],
            double["lead"],
        )
        first = submit(client, case, reader, _mask(shape, (slice(2, 5),) * 3)[0])
        second = submit(client, case, rita, _mask(shape, (slice(3, 6),) * 3)[0])
        assert first.status_code == second.status_code == 201
        # Both reads in: the first reader still does not see the second (neither is a reviewer); the lead sees both.
        assert client.get(f"/api/annotations/{second.json()['id']}/mask", headers=reader).status_code == 403
        versions = client.get(f"/api/patients/{case}/annotations", headers=reader).json()
        assert [v["id"] for v in versions] == [first.json()["id"]]
        assert len(client.get(f"/api/patients/{case}/annotations", headers=lead).json()) == 2

    def test_the_second_read_is_taken_once(self, client: TestClient, double: dict[str, Any]) -> None:
        case, shape, reader, rita, lead = (
            double["pool"][0],
            double["shape"],
            double["reader"],
            double["rita"],
            double["lead"],
        )
        assert submit(client, case, reader, _mask(shape, (slice(2, 5),) * 3)[0]).status_code == 201
        assert submit(client, case, rita, _mask(shape, (slice(3, 6),) * 3)[0]).status_code == 201
        late = submit(client, case, lead, _mask(shape, (slice(3, 6),) * 3)[0])
        assert late.status_code == 403


class TestWhichCases:
    def test_double_reading_needs_review(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        response = client.patch(
            f"/api/projects/{demo['project_id']}/settings", json={"double_read_fraction": 0.3}, headers=lead
        )
        assert response.status_code == 400 and "needs review" in response.json()["detail"]

    def test_no_second_read_the_budget_cannot_pay(self, client: TestClient, double: dict[str, Any]) -> None:
        project_id, case, shape, reader, lead = (
            double["project_id"],
            double["pool"][0],
            double["shape"],
            double["reader"],
            double["lead"],
        )
        spent = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        # 1.50 left: the first read (1.00) fits, a second would not.
        budget = client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": spent + 1.5}, headers=lead)
        assert budget.status_code == 200, budget.text
        assert submit(client, case, reader, _mask(shape, (slice(2, 5),) * 3)[0]).status_code == 201
        with session_scope() as session:
            review = session.scalars(select(CaseReview)).one()
            assert review.status == "pending" and not review.double_read

    def test_the_uncertainty_rule_reads_the_top_of_the_selection_twice(
        self, client: TestClient, double: dict[str, Any]
    ) -> None:
        project_id, pool, reader, lead = double["project_id"], double["pool"], double["reader"], double["lead"]
        settings = {"double_read_fraction": 0.5, "double_read_rule": "uncertainty"}
        assert client.patch(f"/api/projects/{project_id}/settings", json=settings, headers=lead).status_code == 200
        ranks = {item["patient_id"]: item["rank"] for item in client.get("/api/queue", headers=reader).json()}
        for patient_id in pool:
            own_shape = client.get(f"/api/patients/{patient_id}", headers=reader).json()["shape"]
            assert submit(client, patient_id, reader, _mask(own_shape, (slice(2, 5),) * 3)[0]).status_code == 201
        with session_scope() as session:
            doubled = {str(r.patient_id): r.double_read for r in session.scalars(select(CaseReview))}
        by_rank = sorted(pool, key=lambda p: ranks[p])
        assert [doubled[p] for p in by_rank] == [True, True, False, False]


def test_the_random_draw_is_fixed_per_case_and_takes_its_fraction() -> None:
    from backend.review.double_read import draw

    project = uuid.uuid4()
    cases = [uuid.uuid4() for _ in range(4000)]
    draws = [draw(project, case) for case in cases]
    assert draws == [draw(project, case) for case in cases]
    assert abs(sum(d < 0.25 for d in draws) / len(draws) - 0.25) < 0.03
