"""The PACS import from the command line (queued by ``backend.cli``, run in-process by ``worker.cli``) and on a real
Celery worker consuming the ``cpu`` queue of a private Redis."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend import cli
from backend.db.session import session_scope
from backend.jobs.names import PACS_IMPORT, QUEUE_CPU, ROUTES
from backend.models import Job
from tests.conftest import login, reset_caches
from tests.pacs.conftest import PROJECT_NAME, TCIA, Orthanc
from tests.worker.harness import RedisServer, WorkerProcess, wait_for


def _connect(client: TestClient, project_id: str, orthanc: Orthanc) -> dict[str, str]:
    lead = login(client, "lead")
    response = client.put(f"/api/projects/{project_id}/pacs", json=orthanc.connection(), headers=lead)
    assert response.status_code == 200, response.text
    return lead


def _studies(client: TestClient, project_id: str, lead: dict[str, str]) -> dict[str, str]:
    found = client.get(f"/api/projects/{project_id}/pacs/studies", headers=lead).json()
    return {s["patient_id"]: s["study_uid"] for s in found}


def test_cli_queues_an_import_and_the_worker_cli_runs_one(
    client: TestClient, project: dict[str, str], orthanc: Orthanc, capsys: pytest.CaptureFixture[str]
) -> None:
    from worker import cli as worker_cli
    from worker.tasks import pacs_import

    project_id = project["project_id"]
    assert cli.main(["pacs-import", "--project", PROJECT_NAME, "--study", "1.2.3"]) == 2
    assert "not connected to a PACS" in capsys.readouterr().err
    orthanc.upload([TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = _connect(client, project_id, orthanc)
    studies = _studies(client, project_id, lead)

    # backend.cli plans over QIDO-RS and queues the job for a worker.
    assert cli.main(["pacs-import", "--project", PROJECT_NAME, "--study", studies["PGBM-008"]]) == 0
    out = capsys.readouterr().out
    assert "1 studies, 3 series, 66 instances of 1 patients" in out and "queued on the cpu queue" in out
    with session_scope() as session:
        [job] = session.scalars(select(Job)).all()
        assert (job.kind, job.status) == ("pacs_import", "queued")
        job_id = job.id
    pacs_import.execute(job_id)
    with session_scope() as session:
        assert session.get(Job, job_id).status == "succeeded"  # type: ignore[union-attr]

    # worker.cli runs it here, with a series subset (STUDY:SERIES,SERIES).
    series = client.get(f"/api/projects/{project_id}/pacs/studies/{studies['PGBM-003']}/series", headers=lead).json()
    images = [s["series_uid"] for s in series if s["description"] != "Mask_Tumor"]
    spec = f"{studies['PGBM-003']}:{','.join(images)}"
    assert worker_cli.main(["pacs-import", "--project", PROJECT_NAME, "--study", spec]) == 0
    out = capsys.readouterr().out
    assert "pacs import succeeded: 1 patients" in out and "2 series and 44 instances imported" in out, out

    # Again: nothing to do, said so.
    assert worker_cli.main(["pacs-import", "--project", PROJECT_NAME, "--study", spec]) == 0
    assert "0 series and 0 instances imported, 2 series already there" in capsys.readouterr().out

    # Bad requests: exit status 2 with one line, nothing queued.
    for args, words in (
        (["--study", "not-a-uid"], "invalid --study"),
        (["--study", "1.2.3.4"], "The PACS has no study 1.2.3.4"),
        (["--study", f"{studies['PGBM-003']}:1.2.3"], "has no series 1.2.3"),
    ):
        assert cli.main(["pacs-import", "--project", PROJECT_NAME, *args]) == 2
        assert words in capsys.readouterr().err
    assert cli.main(["pacs-import", "--project", "No such project", "--study", "1.2.3"]) == 2
    with session_scope() as session:
        assert len(session.scalars(select(Job)).all()) == 3


def test_the_worker_cli_takes_the_backend_cli_arguments() -> None:
    from worker import cli as worker_cli

    argv = ["pacs-import", "--project", "p", "--study", "1.2", "--study", "1.3:1.3.1"]
    ours = worker_cli.build_parser().parse_args(argv)
    theirs = cli.build_parser().parse_args(argv)
    assert {k: v for k, v in vars(theirs).items() if k not in {"func", "wait"}} == {
        k: v for k, v in vars(ours).items() if k != "func"
    }


def test_an_import_runs_on_a_celery_worker_on_the_cpu_queue(
    client: TestClient, project: dict[str, str], orthanc: Orthanc, tmp_path: Path
) -> None:
    assert ROUTES[PACS_IMPORT] == {"queue": QUEUE_CPU}
    orthanc.upload([TCIA / "PGBM-008"])
    project_id = project["project_id"]
    lead = _connect(client, project_id, orthanc)
    [study] = _studies(client, project_id, lead).values()
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    os.environ["BROKER_URL"] = redis.url
    reset_caches()
    worker = WorkerProcess("pacs", tmp_path).start()
    try:
        queued = client.post(
            f"/api/projects/{project_id}/pacs/imports", json={"studies": [{"study_uid": study}]}, headers=lead
        )
        assert queued.status_code == 202, queued.text
        url = f"/api/projects/{project_id}/pacs/imports/{queued.json()['id']}"

        def finished() -> dict[str, object] | None:
            read: dict[str, object] = client.get(url, headers=lead).json()
            return read if read["status"] in ("succeeded", "failed", "cancelled") else None

        done = wait_for("the worker to finish the import", finished, timeout_s=240, every_s=0.5)
        assert done["status"] == "succeeded", (done, worker.log()[-3000:])
        assert uuid.UUID(str(done["id"]))
        assert "radloop.pacs.import" in worker.log()
    finally:
        worker.stop()
        redis.stop()
        os.environ["BROKER_URL"] = ""
        reset_caches()
    patients = client.get(f"/api/projects/{project_id}/patients", headers=login(client, "lead")).json()
    assert [p["status"] for p in patients] == ["annotated"]
