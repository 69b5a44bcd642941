"""Keyset pagination of the lists that grow with the project (issue 16): patients, a round's scores, the project's
annotations and the ledger. Pages read one after the other give exactly the unpaged list (no row twice, none
missing, ties in time included); filters combine with the cursor; a cursor from another list, or none of ours, is a
400; a limit out of bounds a 422; who may read each list is unchanged. SQLite and Postgres."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from backend.budget.ledger import BURN_DOWN_POINTS
from backend.db.session import session_scope
from backend.models import Annotation, LedgerEntry, Patient, Project, Study, Volume
from tests.backend.helpers import publish_round
from tests.conftest import login

CLONES = 23
# After anything the demo wrote (its opening budget), with a fraction of a second that a text round trip could lose.
T0 = datetime(2099, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)


def _clone_patients(project_id: str, count: int, *, prefix: str = "page") -> list[str]:
    """``count`` more patients sharing one demo volume's file (the image content does not matter to a list)."""
    with session_scope() as session:
        template = session.scalar(
            select(Volume)
            .join(Patient, Patient.primary_volume_id == Volume.id)
            .where(Patient.project_id == uuid.UUID(project_id))
            .limit(1)
        )
        assert template is not None
        ids = []
        for index in range(count):
            patient = Patient(
                project_id=uuid.UUID(project_id), external_id=f"{prefix}-{index:03d}", split="pool", status="unlabeled"
            )
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
        return ids


def _pages(
    client: TestClient, url: str, headers: dict[str, str], *, limit: int, **params: Any
) -> list[list[dict[str, Any]]]:
    """Every page of a list body, following ``X-Next-Cursor`` (and checking ``Link`` says the same)."""
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        rows = body["entries"] if isinstance(body, dict) else body
        pages.append(rows)
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            assert "Link" not in response.headers
            return pages
        assert len(rows) == limit, "only a full page announces another"
        link = response.headers["Link"]
        assert link.startswith(f"<{url}?") and link.endswith('>; rel="next"') and f"cursor={cursor}" in link
        assert len(pages) < 1000, "the cursor does not advance"


def _flat(pages: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [row for page in pages for row in page]


def _all(client: TestClient, url: str, headers: dict[str, str], **params: Any) -> Any:
    response = client.get(url, params={**params, "limit": 1000}, headers=headers)
    assert response.status_code == 200, response.text
    assert "X-Next-Cursor" not in response.headers
    return response.json()


class TestPatients:
    def test_pages_concatenate_to_the_unpaged_list(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        _clone_patients(project_id, CLONES)
        lead = login(client, "lead")
        url = f"/api/projects/{project_id}/patients"
        everything = _all(client, url, lead)
        assert len(everything) > CLONES
        names = [row["external_id"] for row in everything]
        assert names == sorted(names)
        for limit in (1, 4, 7):
            pages = _pages(client, url, lead, limit=limit)
            assert _flat(pages) == everything
            assert len(pages) == -(-len(everything) // limit)  # a full last page announces no empty one
        # Without parameters: the default page (100 rows) holds this whole project, and no header announces more.
        response = client.get(url, headers=lead)
        assert response.json() == everything and "X-Next-Cursor" not in response.headers

    def test_filters_combine_with_the_cursor(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        clones = _clone_patients(project_id, CLONES)
        publish_round(project_id, clones[3:14])
        lead = login(client, "lead")
        url = f"/api/projects/{project_id}/patients"
        for params in ({"q": "PAGE-0"}, {"split": "pool"}, {"state": "queued"}, {"round": 1, "q": "1"}):
            everything = _all(client, url, lead, **params)
            assert everything, params
            assert _flat(_pages(client, url, lead, limit=3, **params)) == everything, params
        # A cursor taken from one filter's list still starts after its key under another filter.
        first = client.get(url, params={"limit": 5}, headers=lead)
        after = client.get(url, params={"split": "pool", "cursor": first.headers["X-Next-Cursor"]}, headers=lead)
        assert after.status_code == 200
        last_seen = first.json()[-1]["external_id"]
        assert after.json() == [r for r in _all(client, url, lead, split="pool") if r["external_id"] > last_seen]

    def test_a_split_change_answers_with_that_patients_row(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead = login(client, "lead")
        row = _all(client, f"/api/projects/{project_id}/patients", lead, split="pool")[0]
        response = client.patch(f"/api/patients/{row['id']}", json={"split": "validation"}, headers=lead)
        assert response.status_code == 200, response.text
        assert response.json() == {**row, "split": "validation", "state": "validation"}


class TestScores:
    def test_pages_follow_rank_and_filter_by_selection(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        clones = _clone_patients(project_id, CLONES)
        round_id = publish_round(project_id, clones)
        with session_scope() as session:  # the round selected every other patient
            from backend.models import Score

            for rank in range(2, CLONES + 1, 2):
                session.execute(
                    update(Score)
                    .where(Score.round_id == uuid.UUID(round_id), Score.rank == rank)
                    .values(selected=False)
                )
        lead = login(client, "lead")
        url = f"/api/rounds/{round_id}/scores"
        everything = _all(client, url, lead)
        assert [s["rank"] for s in everything] == list(range(1, CLONES + 1))
        assert _flat(_pages(client, url, lead, limit=4)) == everything
        chosen = _flat(_pages(client, url, lead, limit=3, selected="true"))
        assert chosen == [s for s in everything if s["selected"]] and len(chosen) == (CLONES + 1) // 2
        others = _flat(_pages(client, url, lead, limit=5, selected="false"))
        assert others == [s for s in everything if not s["selected"]]
        radiologist = login(client, "radiologist")  # every member reads the scores, as before
        assert _flat(_pages(client, url, radiologist, limit=10)) == everything
        assert client.get(url, params={"selected": "yes"}, headers=lead).status_code == 422


def _tie_annotations(project_id: str) -> int:
    """One annotation per clone, several stored in the same instant (as an import writes them)."""
    clones = _clone_patients(project_id, CLONES, prefix="annotated")
    with session_scope() as session:
        for index, patient_id in enumerate(clones):
            patient = session.get(Patient, uuid.UUID(patient_id))
            assert patient is not None and patient.primary_volume_id is not None
            session.add(
                Annotation(
                    patient_id=patient.id,
                    volume_id=patient.primary_volume_id,
                    author_id=None,
                    version=1,
                    source="import",
                    storage_key=f"annotations/{patient_id}.nii.gz",
                    sha256="0" * 64,
                    time_spent_s=None,
                    created_at=T0 + timedelta(seconds=index // 4),
                )
            )
    return CLONES


class TestAnnotations:
    def test_pages_are_newest_first_through_ties_in_time(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        added = _tie_annotations(project_id)
        lead = login(client, "lead")
        url = f"/api/projects/{project_id}/annotations"
        everything = _all(client, url, lead)
        assert len(everything) >= added and len({a["id"] for a in everything}) == len(everything)
        keys = [(datetime.fromisoformat(a["created_at"]), uuid.UUID(a["id"])) for a in everything]
        assert keys == sorted(keys, reverse=True)
        for limit in (1, 3, 4):
            assert _flat(_pages(client, url, lead, limit=limit)) == everything

    def test_only_leads_and_admins_read_them_with_or_without_a_cursor(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        _tie_annotations(project_id)
        url = f"/api/projects/{project_id}/annotations"
        cursor = client.get(url, params={"limit": 2}, headers=login(client, "lead")).headers["X-Next-Cursor"]
        radiologist = login(client, "radiologist")
        assert client.get(url, headers=radiologist).status_code == 403
        assert client.get(url, params={"cursor": cursor}, headers=radiologist).status_code == 403
        assert client.get(url, params={"cursor": "garbage"}, headers=radiologist).status_code == 403
        admin = login(client, "admin")
        assert client.get(url, params={"cursor": cursor, "limit": 2}, headers=admin).status_code == 200


def _many_ledger_entries(project_id: str, count: int) -> None:
    """A credit that covers them, then ``count`` debits of 1..count cents, several in the same instant; the project's
    total and spent follow them (the ledger stays balanced)."""
    spent = count * (count + 1) // 2
    with session_scope() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        session.add(
            LedgerEntry(
                project_id=project.id,
                amount_cents=spent,
                kind="budget_change",
                reason="credit",
                created_at=T0 - timedelta(seconds=1),
            )
        )
        for index in range(count):
            session.add(
                LedgerEntry(
                    project_id=project.id,
                    amount_cents=-(index + 1),
                    kind="annotation",
                    reason=f"entry {index}",
                    created_at=T0 + timedelta(seconds=index // 3),
                )
            )
        project.budget_total_cents += spent
        project.budget_spent_cents += spent


class TestLedger:
    def test_pages_carry_the_running_totals_of_the_unpaged_statement(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id = demo["project_id"]
        _many_ledger_entries(project_id, 40)
        lead = login(client, "lead")
        url = f"/api/projects/{project_id}/ledger"
        whole = _all(client, url, lead)
        assert whole["balanced"] is True
        entries = whole["entries"]
        assert len(entries) == 42  # the demo's opening budget, the credit and the debits
        keys = [(datetime.fromisoformat(e["created_at"]), uuid.UUID(e["id"])) for e in entries]
        assert keys == sorted(keys, reverse=True)
        assert entries[0]["remaining_after"] == whole["budget_remaining"]
        for newer, older in zip(entries, entries[1:], strict=False):  # each entry moves the totals by its amount
            assert round(newer["remaining_after"] - older["remaining_after"], 2) == newer["amount"]
        assert [p["remaining"] for p in whole["burn_down"]] == [e["remaining_after"] for e in reversed(entries)]
        for limit in (1, 6, 7):
            pages = []
            cursor: str | None = None
            while True:
                response = client.get(
                    url, params={"limit": limit, **({"cursor": cursor} if cursor else {})}, headers=lead
                )
                assert response.status_code == 200, response.text
                body = response.json()
                assert {k: v for k, v in body.items() if k != "entries"} == {
                    k: v for k, v in whole.items() if k != "entries"
                }
                pages.append(body["entries"])
                cursor = response.headers.get("X-Next-Cursor")
                if cursor is None:
                    break
            assert _flat(pages) == entries, limit

    def test_the_burn_down_is_bounded_and_ends_at_the_totals(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        count = 2 * BURN_DOWN_POINTS + 37
        _many_ledger_entries(project_id, count)
        lead = login(client, "lead")
        body = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
        assert len(body["entries"]) == 100  # the default page
        burn = body["burn_down"]
        assert len(burn) == BURN_DOWN_POINTS
        assert [p["at"] for p in burn] == sorted(p["at"] for p in burn)
        assert burn[-1]["spent"] == body["budget_spent"] and burn[-1]["remaining"] == body["budget_remaining"]
        assert body["entries"][0]["remaining_after"] == body["budget_remaining"]
        assert body["debits"] == -count * (count + 1) / 2 / 100 and body["balanced"] is True
        spent = [p["spent"] for p in burn]
        assert spent == sorted(spent)


class TestRefusals:
    @pytest.mark.parametrize("limit", ["0", "-1", "1001", "ten"])
    def test_a_limit_out_of_bounds_is_a_422(self, client: TestClient, demo: dict[str, str], limit: str) -> None:
        lead = login(client, "lead")
        round_id = publish_round(demo["project_id"], [])
        for url in _urls(demo["project_id"], round_id):
            response = client.get(url, params={"limit": limit}, headers=lead)
            assert response.status_code == 422, (url, response.text)
            assert response.json()["error"] == "ValidationError"

    def test_a_cursor_from_another_list_or_none_is_a_400(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        clones = _clone_patients(project_id, CLONES)
        round_id = publish_round(project_id, clones)
        _tie_annotations(project_id)
        _many_ledger_entries(project_id, 5)
        lead = login(client, "lead")
        urls = _urls(project_id, round_id)
        cursors = {}
        for url in urls:
            response = client.get(url, params={"limit": 1}, headers=lead)
            assert response.status_code == 200, response.text
            cursors[url] = response.headers["X-Next-Cursor"]
        # The annotations' and the ledger's keys have the same types (time, id): their cursors are interchangeable
        # (a cursor is a position, not a capability); every other pairing is refused.
        same_shape = {urls[2], urls[3]}
        for url in urls:
            for other, cursor in cursors.items():
                if other == url or {url, other} == same_shape:
                    continue
                response = client.get(url, params={"cursor": cursor}, headers=lead)
                assert response.status_code == 400, (url, other, response.text)
                body = response.json()
                assert body["error"] == "BadInput" and "cursor" in body["detail"]
            for garbage in ("x", "bm90IGpzb24", "W10", "W1siaiIsMV1d"):  # not base64 JSON, JSON not a key, [], [1]
                response = client.get(url, params={"cursor": garbage}, headers=lead)
                assert response.status_code == 400, (url, garbage, response.text)
            assert client.get(url, params={"cursor": "not/a cursor"}, headers=lead).status_code == 422


def _urls(project_id: str, round_id: str) -> list[str]:
    return [
        f"/api/projects/{project_id}/patients",
        f"/api/rounds/{round_id}/scores",
        f"/api/projects/{project_id}/annotations",
        f"/api/projects/{project_id}/ledger",
    ]
