"""Issue 16's load benchmark, small: the built project is consistent as the API counts it, and a short Locust run
of a reader, the lead and the admin against the production-mode API ends without a failed request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from benchmarks.scale import build, load
from benchmarks.scale.names import LEAD, reader_name
from benchmarks.scale.server import ApiServer, api_server

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="module")
def built(workdir: Path) -> Iterator[build.Built]:
    name, url = build.create_database("radloop_test_scale")
    try:
        yield build.build(url, workdir / "storage", build.Spec(patients=300, readers=5), database=name, log=print)
    finally:
        build.drop_database(name)


@pytest.fixture(scope="module")
def api(built: build.Built, workdir: Path) -> Iterator[ApiServer]:
    with api_server(built.url, built.storage_root, workers=1, log_path=workdir / "api.log") as server:
        yield server


def _login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_built_rows_are_consistent(built: build.Built) -> None:
    with psycopg.connect(build.libpq_url(built.url)) as conn:
        rows = dict(
            conn.execute(
                "SELECT 'debits', -sum(amount_cents) FROM budget_ledger WHERE kind = 'annotation' "
                "UNION ALL SELECT 'credits', sum(amount_cents) FROM budget_ledger WHERE kind = 'budget_change' "
                "UNION ALL SELECT 'spent', budget_spent_cents FROM projects "
                "UNION ALL SELECT 'total', budget_total_cents FROM projects "
                # every annotated patient points at its newest version, every unlabelled one at none
                "UNION ALL SELECT 'bad pointers', count(*) FROM patients p WHERE (p.status = 'annotated') <> "
                "(p.accepted_annotation_id IS NOT NULL) OR p.accepted_annotation_id <> (SELECT a.id FROM "
                "annotations a WHERE a.patient_id = p.id ORDER BY a.version DESC LIMIT 1) "
                "UNION ALL SELECT 'scored annotated in round 2', count(*) FROM scores s JOIN patients p ON "
                "p.id = s.patient_id WHERE s.round_id = %s AND p.status <> 'unlabeled'",
                (built.round_id,),
            ).fetchall()
        )
    assert rows["debits"] == rows["spent"] == built.spent_cents
    assert rows["credits"] == rows["total"] == built.total_cents
    assert rows["bad pointers"] == 0
    assert rows["scored annotated in round 2"] == 0


def test_api_counts_queue_and_ledger_match_the_build(built: build.Built, api: ApiServer) -> None:
    with httpx.Client(base_url=api.base_url, timeout=60) as client:
        lead = _login(client, LEAD, built.password)
        project = client.get(f"/api/projects/{built.project_id}", headers=lead)
        assert project.status_code == 200, project.text
        counts = project.json()["counts"]
        assert counts == built.expected_counts
        parts = sum(value for key, value in counts.items() if key != "patients")
        assert parts == counts["patients"] == 300
        ledger = client.get(f"/api/projects/{built.project_id}/ledger", headers=lead, params={"limit": "100"})
        assert ledger.status_code == 200, ledger.text
        assert ledger.json()["balanced"] is True
        assert round(float(ledger.json()["budget_spent"]) * 100) == built.spent_cents
        reader = _login(client, reader_name(1), built.password)
        queue = client.get("/api/queue", headers=reader)
        assert queue.status_code == 200, queue.text
        assert len(queue.json()) > 0
        assert all(item["project_id"] == str(built.project_id) for item in queue.json())


def test_locust_run_has_no_failures(built: build.Built, api: ApiServer, workdir: Path) -> None:
    env = {**built.env(), "SCALE_READERS": "1", "SCALE_CASE_SECONDS": "2,3", "SCALE_FIRST_CASE_S": "1"}
    result = load.run_locust(
        api,
        env,
        users=3,
        spawn_rate=3,
        duration_s=10,
        csv_prefix=workdir / "locust",
        log_path=workdir / "locust.log",
    )
    names = {e.name: e for e in result.endpoints}
    assert result.failures == 0, result.failures_detail or (workdir / "locust.log").read_text()[-3000:]
    assert result.exit_code == 0, (workdir / "locust.log").read_text()[-3000:]
    assert names["queue"].requests >= 1
    assert names["case: patient"].requests >= 1
    assert names["case: submit"].requests >= 1
    assert "lead: projects" in names or any(n.startswith("lead: ") for n in names)
    assert any(n.startswith("admin: ") for n in names)
    assert result.load_average["max"] >= 0
    assert result.api_cpu_s > 0
    assert "queue p99" in load.report(result)
