"""PACS import throughput: instances per second from a real Orthanc (DICOMweb) into a project, on this machine.

    python -m benchmarks.system.pacs_import [--copies 3] [--workers 4,1]

A private Orthanc (``scripts/orthanc/orthanc.sh`` in a temporary run folder, so the test PACS is left alone) gets
the TCIA brain-tumour studies and two hippocampus crops from ../shared/data, ``--copies`` times with fresh UIDs and
PatientIDs (346 instances, 14 series, 5 patients per copy). Then, on a fresh SQLite database (what ``make demo`` runs):

* ``retrieve only``: the WADO-RS retrieval of every instance with the import's thread pool and nothing else (the
  ceiling the PACS and the network allow);
* ``import``: the import job's body (``backend.pacs.importer.run_import``: QIDO-RS listing, WADO-RS retrieval,
  conversion through the upload pipeline, de-identification when the project asks for it, storage, commit), once per
  ``--workers`` value, each into a fresh project, timed from start to the last commit.

The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pydicom
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT.parent / "shared" / "data"
SOURCES = [
    DATA / "tcia-brain-tumor-dicom",
    DATA / "hippocrop-dicom" / "Study1",
    DATA / "hippocrop-dicom" / "Study2",
]
PASSWORD = "pacs-import-benchmark-password"


def _dicom_files() -> list[Path]:
    files = []
    for source in SOURCES:
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.open("rb").read(132)[128:] == b"DICM":
                files.append(path)
    return files


def _start_orthanc(run_dir: Path) -> dict[str, str]:
    env = {**os.environ, "ORTHANC_RUN_DIR": str(run_dir)}
    subprocess.run([str(REPO_ROOT / "scripts/orthanc/orthanc.sh"), "start"], env=env, check=True)
    values = dict(line.split("=", 1) for line in (run_dir / "env").read_text().splitlines() if "=" in line)
    return values


def _upload(orthanc: dict[str, str], files: list[Path], copies: int) -> int:
    """Store ``copies`` of every file, each copy with its own UIDs and PatientID (as separate patients would be)."""
    http = requests.Session()
    http.auth = (orthanc["ORTHANC_USERNAME"], orthanc["ORTHANC_PASSWORD"])

    def store(job: tuple[int, Path]) -> None:
        copy, path = job
        dataset = pydicom.dcmread(path)
        if copy:
            for keyword in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID"):
                if keyword in dataset:
                    setattr(
                        dataset, keyword, pydicom.uid.generate_uid(entropy_srcs=[str(copy), dataset[keyword].value])
                    )
            dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
            dataset.PatientID = f"{dataset.PatientID}-copy{copy}"
        with tempfile.SpooledTemporaryFile() as buffer:
            dataset.save_as(buffer, enforce_file_format=True)
            buffer.seek(0)
            response = http.post(f"{orthanc['ORTHANC_URL']}/instances", data=buffer.read(), timeout=60)
        response.raise_for_status()

    jobs = [(copy, path) for copy in range(copies) for path in files]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(store, jobs))
    return len(jobs)


def _setup(workdir: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'radloop.sqlite'}",
            "STORAGE_ROOT": str(workdir / "storage"),
            "SECRET_KEY": "pacs-import-benchmark-secret-key-0123456789",
            "BROKER_URL": "",
            "EMBEDDED_BROKER_DIR": str(workdir / "broker"),
        }
    )
    from backend.migrate import upgrade_head

    upgrade_head(os.environ["DATABASE_URL"])


def _project(name: str, orthanc: dict[str, str]) -> uuid.UUID:
    from backend.db.session import session_scope
    from backend.models.pacs import PacsConnection
    from backend.pacs.secrets import encrypt_secret
    from backend.project import crud as project_crud

    with session_scope() as session:
        project = project_crud.create(
            session,
            name=name,
            modality="MR",
            labels=[{"value": 1, "name": "tumour", "color": "#e6194b"}],
            cost_per_patient_cents=100,
            budget_total_cents=100_000,
        )
        session.add(
            PacsConnection(
                project_id=project.id,
                base_url=orthanc["ORTHANC_DICOMWEB_URL"],
                auth="basic",
                username=orthanc["ORTHANC_USERNAME"],
                secret_ciphertext=encrypt_secret(orthanc["ORTHANC_PASSWORD"]),
                send_on_accept=False,
            )
        )
        return project.id


def _all_studies(project_id: uuid.UUID) -> list[str]:
    from backend.db.session import session_scope
    from backend.pacs import service

    with session_scope() as session:
        connection = service.require_connection(session, project_id)
        found = service.search_studies(
            session, connection=connection, filters=service.StudyFilters(), limit=service.SEARCH_LIMIT_MAX, offset=0
        )
    return [s.study_uid for s in found]


def _retrieve_only(project_id: uuid.UUID, studies: list[str], workers: int) -> tuple[int, float]:
    """Every series streamed (WADO-RS) and parsed, as the import retrieves them, but neither written nor converted."""
    from backend.db.session import session_scope
    from backend.pacs import service
    from backend.pacs.client import open_client
    from backend.pacs.importer import AS_STORED

    with session_scope() as session:
        connection = service.require_connection(session, project_id)
    client = open_client(connection, attempts=1)
    targets = [
        (study, service.tag_text(item, "0020000E"))
        for study in studies
        for item in client.search_for_series(study_instance_uid=study)
    ]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        counts = pool.map(lambda t: sum(1 for _ in client.iter_series(t[0], t[1], media_types=AS_STORED)), targets)
        total = sum(counts)
    return total, time.perf_counter() - started


def _import(project_id: uuid.UUID, studies: list[str], workers: int) -> dict[str, Any]:
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Project, User
    from backend.pacs import service
    from backend.pacs.importer import run_import
    from backend.pacs.schemas import PacsImportCreate, PacsImportStudy

    with session_scope() as session:
        user = session.scalar(select(User).where(User.username == "bench-admin"))
        project = session.get(Project, project_id)
        assert user is not None and project is not None
        connection = service.require_connection(session, project_id)
        request = PacsImportCreate(studies=[PacsImportStudy(study_uid=uid) for uid in studies])
        job_id = service.start_import(session, project=project, connection=connection, user=user, request=request).id
    started = time.perf_counter()
    outcome = run_import(job_id, lambda stage, **values: None, max_workers=workers)
    seconds = time.perf_counter() - started
    result = outcome.result
    return {
        "workers": workers,
        "instances": result.imported_instances,
        "series": result.imported_series,
        "patients": len(result.patients),
        "failed": len(result.failed),
        "seconds": round(seconds, 2),
        "instances_per_s": round(result.imported_instances / seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--workers", default="4,1", help="thread-pool sizes to compare, comma-separated")
    args = parser.parse_args(argv)
    pools = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="radloop-pacs-bench-") as tmp:
        workdir = Path(tmp)
        orthanc = _start_orthanc(workdir / "orthanc")
        try:
            files = _dicom_files()
            started = time.perf_counter()
            uploaded = _upload(orthanc, files, args.copies)
            took = time.perf_counter() - started
            print(f"orthanc {orthanc['ORTHANC_URL']}: {uploaded} instances uploaded in {took:.1f} s")
            _setup(workdir)
            from backend.db.session import session_scope
            from backend.models.user import Role
            from backend.user import service as user_service

            with session_scope() as session:
                user_service.create(session, username="bench-admin", password=PASSWORD, role=Role.admin)
            probe = _project("retrieval probe", orthanc)
            studies = _all_studies(probe)
            count, seconds = _retrieve_only(probe, studies, max(pools))
            retrieve = {"instances": count, "seconds": round(seconds, 2), "instances_per_s": round(count / seconds, 1)}
            print(
                f"retrieve only ({max(pools)} threads): {count} instances in {seconds:.1f} s = "
                f"{retrieve['instances_per_s']} instances/s"
            )
            imports = []
            for workers in pools:
                figures = _import(_project(f"import with {workers} threads", orthanc), studies, workers)
                imports.append(figures)
                print(
                    f"import ({workers} threads): {figures['instances']} instances, {figures['series']} series, "
                    f"{figures['patients']} patients in {figures['seconds']} s = {figures['instances_per_s']} "
                    f"instances/s (failed patients: {figures['failed']})"
                )
        finally:
            subprocess.run(
                [str(REPO_ROOT / "scripts/orthanc/orthanc.sh"), "stop"],
                env={**os.environ, "ORTHANC_RUN_DIR": str(workdir / "orthanc")},
                check=False,
            )
    print(
        json.dumps({"benchmark": "pacs_import", "copies": args.copies, "retrieve_only": retrieve, "imports": imports})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
