"""The hospital journey in Chromium (issue 14, item 6): a lead connects a project to a real PACS (a private Orthanc
with its DICOMweb plugin), searches it, imports two studies while the progress bar moves, a round runs on a real
worker, the lead approves its selection, a radiologist paints and submits, and the accepted label goes back to the
PACS as a DICOM SEG: queried back over QIDO-RS, retrieved over WADO-RS and read with highdicom.

Everything is real and private to this module: its own backend (SQLite, storage, the embedded filesystem broker),
one Celery worker process on the gpu and cpu queues, and an Orthanc started by scripts/orthanc/orthanc.sh in a
temporary run folder (so the PACS test suite's instance is never touched). Screenshots go to /tmp/pacs-shots/.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import highdicom as hd
import numpy as np
import pydicom
import pytest
from dicomweb_client import DICOMwebClient
from playwright.sync_api import Browser, Page, expect
from requests import Session as HttpSession

from tests.conftest import REPO_ROOT, SHARED_DATA
from tests.e2e.conftest import _free_port, _run_cli, _uvicorn, browser_page
from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    api_login,
    first_queue_case,
    login_through_form,
    paint_horizontal_stroke,
    wait_viewer_rendered,
)
from tests.seg.conftest import seg_on_grid
from tests.worker.harness import celery_worker_argv

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("RADLOOP_PACS_SHOTS", "/tmp/pacs-shots"))
ORTHANC_SCRIPT = REPO_ROOT / "scripts" / "orthanc" / "orthanc.sh"
HIPPOCROP = SHARED_DATA / "hippocrop-dicom"
# A round trains on annotated patients: two labelled hippocampus volumes are uploaded before the PACS import.
LABELLED = SHARED_DATA / "demo-tiny" / "hippocampus"
LABELLED_CASES = ("hippocampus_001", "hippocampus_003")
# The two studies the lead imports (Study3 stays in the PACS: the search lists it, nobody picks it).
WANTED_PATIENTS = ("PGBM-002", "PGBM-006")
# What de-identification must keep from readers: their PatientIDs and the family names of their PatientNames.
REAL_IDENTIFIERS = (*WANTED_PATIENTS, "Avasarala", "Thanos")
PROJECT_NAME = "Hippocampus from the PACS"
LABELS = [
    {"value": 1, "name": "Anterior", "color": "#e6194b"},
    {"value": 2, "name": "Posterior", "color": "#3cb44b"},
]
JOB_WAIT_MS = 240_000


@dataclass(frozen=True)
class Orthanc:
    url: str
    dicomweb_url: str
    username: str
    password: str

    def client(self) -> DICOMwebClient:
        session = HttpSession()
        session.auth = (self.username, self.password)
        return DICOMwebClient(url=self.dicomweb_url, session=session)


@pytest.fixture(scope="module")
def orthanc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Orthanc]:
    """A fresh Orthanc in a private run folder, holding the three hippocampus-crop studies (uploaded over STOW-RS)."""
    run_dir = tmp_path_factory.mktemp("orthanc-journey")
    env = {**os.environ, "ORTHANC_RUN_DIR": str(run_dir), "ORTHANC_PORT": os.environ.get("ORTHANC_PORT", "8142")}
    started = subprocess.run(
        [str(ORTHANC_SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if started.returncode != 0:
        pytest.fail(f"Orthanc did not start (run `make orthanc`):\n{started.stdout}\n{started.stderr}")
    try:
        values = dict(line.split("=", 1) for line in (run_dir / "env").read_text().splitlines() if "=" in line)
        pacs = Orthanc(
            url=values["ORTHANC_URL"],
            dicomweb_url=values["ORTHANC_DICOMWEB_URL"],
            username=values["ORTHANC_USERNAME"],
            password=values["ORTHANC_PASSWORD"],
        )
        datasets = [pydicom.dcmread(path) for path in sorted(HIPPOCROP.glob("Study*/*/*.dcm"))]
        assert len(datasets) == 107
        pacs.client().store_instances(datasets)
        yield pacs
    finally:
        subprocess.run([str(ORTHANC_SCRIPT), "stop"], env=env, capture_output=True, timeout=60, check=False)


@dataclass(frozen=True)
class Stack:
    server: Server
    worker_log: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The API under uvicorn and one Celery worker on a fresh SQLite database and the embedded broker."""
    root = tmp_path_factory.mktemp("radloop-pacs-journey")
    password = secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
        "STORAGE_ROOT": str(root / "storage"),
        "EMBEDDED_BROKER_DIR": str(root / "broker"),
        "BROKER_URL": "",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RADLOOP_DEMO_PASSWORD": password,
        "PORT": str(_free_port()),
        "JOB_GENESIS_STEPS": "4",
        # The few seconds the worker's heartbeat and recovery sweep take by default do not matter here.
    }
    _run_cli(["init-db"], env, timeout=120)
    for username, role in (("lead", "lead"), ("radiologist", "radiologist")):
        _run_cli(["create-user", username, "--role", role, f"--password={password}"], env, timeout=120)

    worker_log = root / "worker.log"
    with worker_log.open("wb") as log:
        worker = subprocess.Popen(
            celery_worker_argv("threads", f"pacs-journey-{os.getpid()}@localhost"),
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        with _uvicorn(env, root / "uvicorn.log") as base_url:
            yield Stack(server=Server(base_url=base_url, password=password, env=env), worker_log=worker_log)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        sys.stdout.write(f"\n--- worker log (last lines)\n{worker_log.read_text(errors='replace')[-4000:]}\n")


@pytest.fixture
def second_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, request, "reader") as page:
        yield page


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def create_project(lead: ApiClient, radiologist_name: str, env: dict[str, str]) -> dict[str, Any]:
    """The project, its reader, its settings and two labelled cases to train on are set up over the API and the CLI
    (the journey starts at its PACS section)."""
    project = lead.send_json(
        "POST",
        "/api/projects",
        {
            "name": PROJECT_NAME,
            "modality": "MR",
            "labels": LABELS,
            "cost_per_patient": 1,
            "budget_total": 100,
            "strategy": "entropy",
            "batch_size": 2,
            # The lead approves each round's selection in the browser.
            "auto_publish": False,
        },
    )
    lead.send_json("PATCH", f"/api/projects/{project['id']}/settings", {"genesis_enabled": False})
    users = lead.get_json("/api/users")
    assert isinstance(users, list)
    # The lead stays a member (a lead cannot remove themself); the radiologist reads.
    members = [{"user_id": u["id"]} for u in users if u["username"] in ("lead", radiologist_name)]
    lead.send_json("PUT", f"/api/projects/{project['id']}/members", {"members": members})
    labels = [arg for case in LABELLED_CASES for arg in ("--labels", str(LABELLED / "labelsTr" / f"{case}.nii.gz"))]
    images = [str(LABELLED / "imagesTr" / f"{case}.nii.gz") for case in LABELLED_CASES]
    _run_cli(["import", "--project", PROJECT_NAME, *labels, *images], env, timeout=300)
    return dict(project)


class TestPacsJourney:
    def test_pacs_to_seg_round_trip(self, stack: Stack, orthanc: Orthanc, page: Page, second_page: Page) -> None:
        server = stack.server
        # Both browsers, the lead's and the reader's: no console error and no failed answer, the session probe
        # before login and a case without a draft included (both are answers, not errors).
        problems = BrowserProblems()
        problems.watch(page)
        problems.watch(second_page)
        lead = api_login(server, "lead")
        project = create_project(lead, "radiologist", server.env)
        project_id = project["id"]
        labelled = {p["id"] for p in patients_of(lead, project_id)}
        assert len(labelled) == len(LABELLED_CASES)

        # 1. The lead connects the project to the PACS and tests the connection.
        login_through_form(page, server, "lead")
        page.goto(f"{server.base_url}/projects/{project_id}?tab=import-export")
        card = page.get_by_test_id("pacs-connection")
        expect(card).to_be_visible()
        expect(page.get_by_test_id("deidentify-settings").get_by_label("De-identify DICOM on import")).to_be_checked()
        card.get_by_label("Base URL").fill(orthanc.dicomweb_url)
        card.get_by_label("Authentication").select_option("basic")
        card.get_by_label("Username").fill(orthanc.username)
        card.get_by_label("Password").fill(orthanc.password)
        card.get_by_label("Send a DICOM SEG to this PACS whenever").check()
        card.get_by_test_id("pacs-verify").click()
        result = card.get_by_test_id("pacs-verify-result")
        expect(result).to_have_attribute("data-ok", "true")
        # The secret is write-only: once saved, the form only says that one is stored.
        expect(card.get_by_test_id("pacs-secret-state")).to_contain_text("stored")
        assert orthanc.password not in page.content()
        stored = lead.get_json(f"/api/projects/{project_id}/pacs")
        assert isinstance(stored, dict)
        assert stored["has_secret"] is True and "secret" not in stored and stored["send_on_accept"] is True
        shot(page, "01-connection-verified")

        # 2. It searches the PACS: MR studies of 2020, three found; it opens one to see its series.
        card.get_by_test_id("pacs-import-link").click()
        expect(page).to_have_url(f"{server.base_url}/projects/{project_id}/pacs")
        search = page.get_by_test_id("pacs-search")
        search.get_by_label("Modality").fill("MR")
        search.get_by_label("Study date from").fill("2020-01-01")
        search.get_by_label("Study date to").fill("2020-12-31")
        search.get_by_role("button", name="Search").click()
        rows = page.get_by_test_id("pacs-study-row")
        expect(rows).to_have_count(3)
        wanted = [rows.filter(has_text=patient) for patient in WANTED_PATIENTS]
        wanted[0].get_by_test_id("pacs-study-expand").click()
        expect(page.get_by_test_id("pacs-series-row")).to_have_count(1)
        expect(page.get_by_test_id("pacs-series")).to_contain_text("HippoCrop")
        for row in wanted:
            row.get_by_test_id("pacs-study-check").check()
        shot(page, "02-search-results")

        # 3. It imports the two studies; the progress bar shows the job's progress, then the counts.
        page.get_by_test_id("pacs-import-selected").click()
        progress = page.get_by_test_id("pacs-import-progress")
        expect(progress).to_be_visible()
        shot(page, "03-import-progress")
        done = page.get_by_test_id("pacs-import-done")
        expect(done).to_be_visible(timeout=JOB_WAIT_MS)
        expect(done).to_contain_text("Imported 2 studies")
        # The search results now mark both as imported.
        for row in wanted:
            expect(row).to_have_attribute("data-imported", "true")
        expect(rows.filter(has_text="PGBM-003")).to_have_attribute("data-imported", "false")
        shot(page, "04-import-done")

        imported = [p for p in patients_of(lead, project_id) if p["id"] not in labelled]
        assert len(imported) == 2
        # De-identified: what readers see is a pseudonym, never the PACS's patient ID.
        for patient in imported:
            assert not any(real in patient["external_id"] for real in WANTED_PATIENTS), patient["external_id"]

        # The real identity is a lead's audited look-up.
        page.get_by_test_id("pacs-back-to-project").click()
        first_patient = page.locator(f"[data-testid=patient-row][data-patient-id='{imported[0]['id']}']")
        first_patient.get_by_test_id("show-real-identity").click()
        expect(first_patient.get_by_test_id("real-patient-id")).to_have_text(re.compile("|".join(WANTED_PATIENTS)))
        shot(page, "05-identity-revealed")
        first_patient.get_by_role("button", name="Hide").click()

        # 4. A round runs on the worker and waits in review; the lead approves its selection.
        page.get_by_role("tab", name="Rounds").click()
        page.get_by_role("button", name="Start round").click()
        review = page.get_by_test_id("round-review")
        expect(review).to_be_visible(timeout=JOB_WAIT_MS)
        expect(review.get_by_test_id("review-row")).to_have_count(2)
        shot(page, "06-round-review")
        review.get_by_role("button", name="Approve and publish").click()
        expect(review).to_be_hidden()

        # 5. The radiologist paints the top case of the queue and submits it.
        login_through_form(second_page, server, "radiologist")
        expect(second_page).to_have_url(f"{server.base_url}/queue")
        queue_row, patient_id = first_queue_case(second_page)
        assert not any(real in second_page.content() for real in REAL_IDENTIFIERS)
        queue_row.get_by_test_id("queue-open").click()
        wait_viewer_rendered(second_page)
        second_page.keyboard.press("b")
        second_page.get_by_test_id("label-1").check()
        paint_horizontal_stroke(second_page, 0.45)
        second_page.get_by_test_id("label-2").check()
        paint_horizontal_stroke(second_page, 0.55)
        shot(second_page, "07-reader-painted")
        assert not any(real in second_page.content() for real in REAL_IDENTIFIERS)
        second_page.get_by_test_id("submit-annotation").click()
        expect(second_page).to_have_url(f"{server.base_url}/queue")

        # 6. The lead sees the accepted label and sends it to the PACS (send-on-accept already did: no duplicate).
        page.goto(f"{server.base_url}/projects/{project_id}?tab=patients")
        accepted = page.locator(f"[data-testid=annotation-row][data-patient-id='{patient_id}'][data-accepted=true]")
        expect(accepted).to_have_count(1)
        with page.expect_download() as download_info:
            accepted.get_by_test_id("download-seg").click()
        downloaded = Path(download_info.value.path())
        assert pydicom.dcmread(downloaded).Modality == "SEG"
        accepted.get_by_test_id("send-seg").click()
        sent = accepted.get_by_test_id("seg-sent")
        expect(sent).to_be_visible(timeout=60_000)
        sop_uid = re.search(r"SOP ([0-9.]+)", sent.text_content() or "")
        assert sop_uid is not None
        shot(page, "08-seg-sent")

        # 7. The SEG is in Orthanc (QIDO-RS), once, and reads back with highdicom onto the stored mask.
        annotations = lead.get_json(f"/api/patients/{patient_id}/annotations")
        assert isinstance(annotations, list)
        latest = max(annotations, key=lambda a: a["version"])
        mask = lead.get_array(f"/api/annotations/{latest['id']}/mask")
        pacs = orthanc.client()
        seg_series = wait_for_seg_series(pacs)
        assert len(seg_series) == 1, f"sent twice, the PACS should hold one SEG series: {seg_series}"
        study_uid = seg_series[0]["0020000D"]["Value"][0]
        series_uid = seg_series[0]["0020000E"]["Value"][0]
        instances = pacs.search_for_instances(study_uid, series_uid)
        assert [i["00080018"]["Value"][0] for i in instances] == [sop_uid.group(1)]
        seg = hd.seg.Segmentation.from_dataset(pacs.retrieve_instance(study_uid, series_uid, sop_uid.group(1)))
        assert {item.SegmentLabel for item in seg.SegmentSequence} == {label["name"] for label in LABELS}
        # Voxel for voxel on the stored grid, from the SEG's own geometry (tests/seg's reader, not Radloop's writer).
        volume = lead.get_nifti(f"/api/patients/{patient_id}/volume")
        assert np.array_equal(seg_on_grid(seg, mask.shape, volume.affine), mask)
        assert set(np.unique(mask)) == {0, 1, 2}, "both strokes should be in the accepted mask"
        # It references the imported source series (de-identification keeps the UIDs).
        referenced = {ref.SeriesInstanceUID for ref in seg.ReferencedSeriesSequence}
        source_series = {
            s["0020000E"]["Value"][0] for s in pacs.search_for_series(study_uid, search_filters={"Modality": "MR"})
        }
        assert referenced and referenced <= source_series

        problems.assert_none()
        (SHOTS / "journey.json").write_text(
            json.dumps({"project": project_id, "patient": patient_id, "seg": series_uid})
        )


def patients_of(client: ApiClient, project_id: str) -> list[dict[str, Any]]:
    patients = client.get_json(f"/api/projects/{project_id}/patients")
    assert isinstance(patients, list)
    return patients


def wait_for_seg_series(pacs: DICOMwebClient, timeout_s: float = 60.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = pacs.search_for_series(search_filters={"Modality": "SEG"})
        if found or time.monotonic() > deadline:
            return list(found)
        time.sleep(0.5)
