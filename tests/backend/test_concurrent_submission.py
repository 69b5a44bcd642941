"""Concurrent writers on Postgres (issue 11 item 2): one patient submitted by 20 threads at once is one 201 and
clean 409s (one version, one charge, one file); concurrent budget changes keep the ledger balanced."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.db.session import session_scope
from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.conftest import login, migrated_database

THREADS = 20


@pytest.fixture(scope="module", params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, session_tmp: Path) -> Iterator[str]:
    """Row locks and READ COMMITTED re-checks are what is under test, so this module runs on Postgres only."""
    with migrated_database(request.param, session_tmp / f"concurrency-pg-{uuid.uuid4().hex[:6]}") as url:
        yield url


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _annotation_state(patient_id: str) -> tuple[int, int, int]:
    """Versions of the patient, annotation debits, files under annotations/."""
    from backend.core.config import get_settings
    from backend.models import Annotation, LedgerEntry

    with session_scope() as session:
        versions = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.patient_id == uuid.UUID(patient_id))
        )
        debits = session.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.kind == "annotation"))
    folder = Path(get_settings().storage_root) / "annotations"
    return versions or 0, debits or 0, len(list(folder.iterdir())) if folder.exists() else 0


class TestConcurrentSubmission:
    @pytest.fixture
    def case(self, client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
        lead = login(client, "lead")
        patient = patients(client, demo["project_id"], lead, status="unlabeled", split="pool")[0]
        publish_round(demo["project_id"], [patient["id"]])
        reader = login(client, "radiologist")
        assert client.post(f"/api/patients/{patient['id']}/reservation", headers=reader).status_code == 200
        files_before = _annotation_state(patient["id"])[2]
        return {"patient": patient, "reader": reader, "lead": lead, "files_before": files_before, **demo}

    def test_twenty_first_submissions_are_one_201_and_nineteen_409(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        patient, reader = case["patient"], case["reader"]
        mask = nifti_bytes(np.ones(patient["shape"], dtype=np.uint8))
        responses = _all_at_once([lambda: submit(client, patient["id"], reader, mask)] * THREADS)
        codes = sorted(r.status_code for r in responses)
        assert codes == [201] + [409] * (THREADS - 1), [r.text for r in responses if r.status_code not in (201, 409)]
        for refused in (r for r in responses if r.status_code == 409):
            assert refused.json()["error"] == "Conflict"
            assert "annotated meanwhile (version 1 by radiologist" in refused.json()["detail"]
        assert _annotation_state(patient["id"]) == (1, 1, case["files_before"] + 1)
        project = client.get(f"/api/projects/{case['project_id']}", headers=case["lead"]).json()
        assert project["budget_spent"] == 1.0
        ledger = client.get(f"/api/projects/{case['project_id']}/ledger", headers=case["lead"]).json()
        assert ledger["balanced"] is True

    def test_twenty_new_versions_from_the_same_base_are_one_201(self, client: TestClient, case: dict[str, Any]) -> None:
        patient, reader = case["patient"], case["reader"]
        mask = nifti_bytes(np.ones(patient["shape"], dtype=np.uint8))
        assert submit(client, patient["id"], reader, mask).status_code == 201
        responses = _all_at_once([lambda: submit(client, patient["id"], reader, mask, base_version="1")] * THREADS)
        assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1)
        assert _annotation_state(patient["id"]) == (2, 1, case["files_before"] + 2)
        detail = client.get(f"/api/patients/{patient['id']}", headers=reader).json()
        assert detail["annotation_version"] == 2

    def test_twenty_concurrent_corrections_are_one_201(self, client: TestClient, case: dict[str, Any]) -> None:
        validation = patients(client, case["project_id"], case["lead"], split="validation")[0]
        mask = nifti_bytes(np.zeros(validation["shape"], dtype=np.uint8))
        files_before = _annotation_state(validation["id"])[2]

        def correct() -> Any:
            return client.post(
                f"/api/patients/{validation['id']}/ground-truth",
                files={"mask": ("mask.nii.gz", mask, "application/gzip")},
                data={"reason": "redrawn", "base_version": "1"},
                headers=case["lead"],
            )

        responses = _all_at_once([correct] * THREADS)
        assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1)
        versions, debits, files = _annotation_state(validation["id"])
        assert (versions, debits, files) == (2, 0, files_before + 1)


class TestConcurrentBudget:
    def _ledger(self, client: TestClient, project_id: str, headers: dict[str, str]) -> dict[str, Any]:
        from backend.models import LedgerEntry

        ledger: dict[str, Any] = client.get(f"/api/projects/{project_id}/ledger", headers=headers).json()
        with session_scope() as session:
            ledger["changes"] = session.scalar(
                select(func.sum(LedgerEntry.amount_cents)).where(
                    LedgerEntry.project_id == uuid.UUID(project_id), LedgerEntry.kind == "budget_change"
                )
            )
        return ledger

    @pytest.mark.parametrize("totals", [[300, 500], [220 + 10 * i for i in range(10)]], ids=["two", "ten"])
    def test_concurrent_totals_keep_the_ledger_balanced(
        self, client: TestClient, demo: dict[str, str], totals: list[int]
    ) -> None:
        project_id = demo["project_id"]
        leads = [login(client, "lead"), login(client, "admin")]

        def patch(total: int, headers: dict[str, str]) -> Any:
            return client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": total}, headers=headers)

        for attempt in range(3):  # a few rounds of races, each starting from another total
            wanted = [total + attempt for total in totals]
            calls = [lambda t=total, h=leads[i % 2]: patch(t, h) for i, total in enumerate(wanted)]
            responses = _all_at_once(calls)
            assert [r.status_code for r in responses] == [200] * len(totals), [r.text for r in responses]
            ledger = self._ledger(client, project_id, leads[0])
            project = client.get(f"/api/projects/{project_id}", headers=leads[0]).json()
            assert ledger["balanced"] is True
            assert ledger["changes"] == round(project["budget_total"] * 100)
            assert project["budget_total"] in wanted
