"""The patient browser: a lead searches and filters the Patients tab (the filters live in the URL), opens a patient
read-only and switches between its mask versions (what the viewer shows is checked against the stored masks), and
the whole visit sends no write to the API; a radiologist who types ``/annotate/<id>`` of a case outside their queue
is asked first ("view read-only" / "take this case"), and nothing is reserved until they choose."""

from __future__ import annotations

import gzip
import json
import re
import secrets
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import SECOND_RADIOLOGIST
from tests.e2e.helpers import ApiClient, BrowserProblems, Server, demo_project, wait_viewer_rendered

pytestmark = pytest.mark.e2e

REASON = "Patient browser e2e: a version without the tail, then the imported label again"


def _patients(api: ApiClient, project_id: str, **filters: str) -> list[dict[str, Any]]:
    query = f"?{urllib.parse.urlencode(filters)}" if filters else ""
    rows = api.get_json(f"/api/projects/{project_id}/patients{query}")
    assert isinstance(rows, list)
    return rows


def _correct(api: ApiClient, patient_id: str, mask: nib.Nifti1Image, base_version: int) -> int:
    """A lead's ground-truth correction through the API (multipart: reason, base version, the mask file)."""
    boundary = secrets.token_hex(12)
    fields = {"reason": REASON, "base_version": str(base_version)}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="mask"; filename="mask.nii.gz"\r\n'
        "Content-Type: application/gzip\r\n\r\n"
    ).encode()
    body += gzip.compress(mask.to_bytes()) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{api.base_url}/api/patients/{patient_id}/ground-truth",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read())["version"])


def _ml(voxels: int, spacing: tuple[float, ...]) -> str:
    """The read-out's millilitres, as the viewer formats them (three decimals below 10 ml, one above)."""
    ml = voxels * float(np.prod(np.abs(spacing[:3]))) / 1000
    return f"{ml:.3f}" if ml < 10 else f"{ml:.1f}"


def _writes(page: Page) -> list[str]:
    """Every API request but reads the page sends from now on (login happened before)."""
    sent: list[str] = []

    def record(request: Request) -> None:
        path = urllib.parse.urlsplit(request.url).path
        if path.startswith("/api/") and request.method not in {"GET", "HEAD"}:
            sent.append(f"{request.method} {path}")

    page.on("request", record)
    return sent


def _expect_rows(page: Page, expected: list[dict[str, Any]]) -> None:
    """The table shows exactly these patients, in this order (the server's filtered list); each check retries until
    the new answer replaced the previous rows."""
    rows = page.get_by_test_id("patient-row")
    if not expected:
        expect(page.get_by_test_id("patients-empty")).to_have_text("No patient matches these filters.")
        expect(rows).to_have_count(0)
        return
    expect(rows).to_have_count(len(expected))
    for index, patient in enumerate(expected):
        expect(rows.nth(index)).to_have_attribute("data-patient-id", patient["id"])
    expect(page.get_by_test_id("patient-matches")).not_to_contain_text("updating")


@pytest.fixture
def versioned_patient(api_as: Callable[[str], ApiClient]) -> Iterator[dict[str, Any]]:
    """An imported pool patient with three versions: v1 imported, v2 a correction without label 2 (superseded), v3
    the imported label again (accepted), so the ground truth's voxels end as they began."""
    lead = api_as("lead")
    project = demo_project(lead)
    candidates = [
        p for p in _patients(lead, project["id"], split="pool", state="annotated") if p["annotation_version"] == 1
    ]
    # Imported labels only: earlier e2e files submit readers' annotations that are v1 too.
    imported = [
        p
        for p in candidates
        if lead.get_json(f"/api/patients/{p['id']}/annotations")[0]["source"] == "import"  # type: ignore[index]
    ]
    assert imported, "the demo should have imported pool labels"
    patient = imported[-1]  # other tests start from the first
    [first] = lead.get_json(f"/api/patients/{patient['id']}/annotations")  # type: ignore[misc]
    original = lead.get_nifti(f"/api/annotations/{first['id']}/mask")
    data = np.asanyarray(original.dataobj).astype(np.uint8)
    assert int((data == 1).sum()) > 0 and int((data == 2).sum()) > 0
    without_tail = nib.Nifti1Image(np.where(data == 2, 0, data).astype(np.uint8), original.affine, original.header)
    assert _correct(lead, patient["id"], without_tail, base_version=1) == 2
    assert _correct(lead, patient["id"], nib.Nifti1Image(data, original.affine, original.header), base_version=2) == 3
    volume = lead.get_nifti(f"/api/patients/{patient['id']}/volume")
    yield {
        "project_id": project["id"],
        "patient": patient,
        "counts": {label: int((data == label).sum()) for label in (1, 2)},
        "spacing": tuple(float(z) for z in volume.header.get_zooms()[:3]),
    }


class TestLeadBrowsesPatients:
    def test_lead_filters_opens_read_only_and_switches_mask_versions(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
        versioned_patient: dict[str, Any],
    ) -> None:
        lead = api_as("lead")
        project_id = versioned_patient["project_id"]
        patient = versioned_patient["patient"]
        counts, spacing = versioned_patient["counts"], versioned_patient["spacing"]
        login(page, "lead")
        writes = _writes(page)
        base = f"{server.base_url}/projects/{project_id}"
        page.goto(f"{base}?tab=patients")
        _expect_rows(page, _patients(lead, project_id))

        # Search: part of the pseudonym, typed in capitals, narrows the list on the server.
        term = patient["external_id"][-3:].upper()
        page.get_by_test_id("patient-search").fill(term)
        expect(page).to_have_url(re.compile(rf"[?&]q={term}(&|$)"))
        found = _patients(lead, project_id, q=term)
        assert patient["id"] in [p["id"] for p in found]
        _expect_rows(page, found)

        # Filters combine with it and with each other; all of them are in the URL.
        page.get_by_test_id("patient-filter-state").select_option("annotated")
        _expect_rows(page, _patients(lead, project_id, q=term, state="annotated"))
        page.get_by_test_id("patient-filter-split").select_option("validation")
        _expect_rows(page, _patients(lead, project_id, q=term, state="annotated", split="validation"))
        page.get_by_test_id("patient-filters-clear").click()
        _expect_rows(page, _patients(lead, project_id))
        page.get_by_test_id("patient-filter-round").select_option("1")
        page.get_by_test_id("patient-filter-state").select_option("queued")
        queued = _patients(lead, project_id, round="1", state="queued")
        assert queued, "the e2e round should have queued cases"
        _expect_rows(page, queued)
        # A link (or a reload) reproduces the view.
        page.reload()
        expect(page.get_by_test_id("patient-filter-round")).to_have_value("1")
        expect(page.get_by_test_id("patient-filter-state")).to_have_value("queued")
        _expect_rows(page, queued)

        # A queued case opens read-only with the model's prediction; the lead may open it for annotation (it is in
        # their queue) but looking took nothing.
        case = queued[-1]
        page.locator(f'[data-testid=patient-row][data-patient-id="{case["id"]}"]').get_by_test_id(
            "patient-open"
        ).click()
        expect(page).to_have_url(f"{base}/patients/{case['id']}")
        wait_viewer_rendered(page)
        shown = page.get_by_test_id("shown-mask")
        expect(shown).to_have_attribute("data-mask", "prediction")
        expect(shown).to_contain_text("Showing Model prediction, round 1")
        prediction = lead.get_array(f"/api/patients/{case['id']}/prediction")
        for label in (1, 2):
            expect(page.get_by_test_id(f"shown-volume-{label}")).to_have_attribute(
                "data-voxels", str(int((prediction == label).sum()))
            )
        expect(page.get_by_test_id("open-for-annotation")).to_have_attribute("href", f"/annotate/{case['id']}")
        assert _patients(lead, project_id, q=case["external_id"])[0]["state"] == "queued"
        page.get_by_test_id("patient-back").click()
        expect(page).to_have_url(re.compile(r"tab=patients.*round=1|round=1.*tab=patients"))
        _expect_rows(page, queued)

        # The versioned patient: the accepted v3 first, then the superseded versions, each as stored.
        page.get_by_test_id("patient-filters-clear").click()
        page.get_by_test_id("patient-search").fill(patient["external_id"].upper())
        _expect_rows(page, _patients(lead, project_id, q=patient["external_id"].upper()))
        expect(page.get_by_test_id("patient-open")).to_have_count(1)
        page.get_by_test_id("patient-open").click()
        expect(page).to_have_url(f"{base}/patients/{patient['id']}")
        expect(page.locator("h1")).to_contain_text(f"Patient {patient['external_id']}")
        expect(page.get_by_test_id("read-only-badge")).to_have_text("read-only")
        expect(page.get_by_test_id("patient-accepted")).to_contain_text("v3, ")
        expect(page.get_by_test_id("open-for-annotation")).to_have_count(0)  # imported ground truth: not theirs
        expect(page.get_by_test_id("open-correction")).to_be_visible()
        wait_viewer_rendered(page)
        labels = [m.get_attribute("data-mask") for m in page.get_by_test_id("mask-version").all()]
        # A prediction is listed only when a round predicted this patient (other e2e files run rounds too).
        predicted = lead.get_json(f"/api/patients/{patient['id']}")["has_prediction"]  # type: ignore[index]
        assert labels == ["v3", "v2", "v1", *(["prediction"] if predicted else []), "none"]

        expected = {
            "v3": ("Annotation v3 (accepted ground truth): ground-truth correction by lead", counts),
            "v2": ("Annotation v2 (superseded): ground-truth correction by lead", {1: counts[1], 2: 0}),
            "v1": ("Annotation v1 (superseded): imported ground truth", counts),
            "none": ("Image only: no mask drawn over the image", {1: 0, 2: 0}),
        }
        for key in ("v3", "v2", "v1", "none"):
            if key != "v3":
                page.locator(f'[data-testid=mask-version][data-mask="{key}"]').click()
                expect(page).to_have_url(re.compile(rf"[?&]mask={key}$"))
            text, voxels = expected[key]
            expect(shown).to_have_attribute("data-mask", key)
            expect(shown).to_contain_text(f"Showing {text}")
            for label, count in voxels.items():
                readout = page.get_by_test_id(f"shown-volume-{label}")
                expect(readout).to_have_attribute("data-voxels", str(count))
                expect(readout).to_contain_text(f"{count:,} voxels · {_ml(count, spacing)} ml")
            if key == "v2":
                page.get_by_test_id("viewer").screenshot(path=str(artifacts / "patient-browser-v2.png"))

        # A link to a version opens that version.
        page.goto(f"{base}/patients/{patient['id']}?mask=v2")
        expect(shown).to_have_attribute("data-mask", "v2")
        expect(page.get_by_test_id("shown-volume-2")).to_have_attribute("data-voxels", "0")
        page.screenshot(path=str(artifacts / "patient-browser.png"), full_page=True)

        # The whole visit was reads: no reservation, no draft, no write of any kind.
        assert writes == []
        detail = lead.get_json(f"/api/patients/{case['id']}")
        assert isinstance(detail, dict) and detail["masks"]["draft"] is None
        assert _patients(lead, project_id, q=case["external_id"])[0]["state"] == "queued"
        browser_problems.assert_none()


class TestTypedAnnotateLink:
    def test_a_case_outside_the_queue_asks_before_reserving(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        reader, colleague = api_as("radiologist"), api_as(SECOND_RADIOLOGIST)
        queue = reader.get_json("/api/queue")
        assert isinstance(queue, list) and len(queue) >= 1  # earlier e2e files may have read the others
        # A case a colleague holds is not in the reader's queue (the last one: other tests start from the top).
        case = queue[-1]
        patient_id = case["patient_id"]
        held = colleague.send_json("POST", f"/api/patients/{patient_id}/reservation")
        try:
            assert held["username"] == SECOND_RADIOLOGIST
            assert patient_id not in [item["patient_id"] for item in reader.get_json("/api/queue")]  # type: ignore[union-attr]

            login(page, "radiologist")
            writes = _writes(page)
            page.goto(f"{server.base_url}/annotate/{patient_id}")
            choice = page.get_by_test_id("not-in-queue")
            expect(choice).to_contain_text("This case is not in your queue")
            expect(choice).to_contain_text(f"Patient {case['external_id']}")
            expect(page.get_by_test_id("viewer")).to_have_count(0)
            page.screenshot(path=str(artifacts / "annotate-not-in-queue.png"), full_page=True)
            assert writes == []
            mine = [i for i in colleague.get_json("/api/queue") if i["patient_id"] == patient_id]  # type: ignore[union-attr]
            assert mine[0]["reserved_by_me"] is True  # still the colleague's, not renewed or taken

            # Read-only: the case and its prediction, still nothing reserved.
            page.get_by_test_id("view-read-only").click()
            expect(page).to_have_url(f"{server.base_url}/projects/{case['project_id']}/patients/{patient_id}")
            wait_viewer_rendered(page)
            expect(page.get_by_test_id("shown-mask")).to_have_attribute("data-mask", "prediction")
            expect(page.get_by_test_id("open-for-annotation")).to_have_count(0)
            expect(page.get_by_test_id("open-correction")).to_have_count(0)  # readers do not correct ground truth
            assert writes == []
            page.get_by_test_id("patient-back").click()
            expect(page).to_have_url(f"{server.base_url}/queue")

            # Taking it is the one thing that asks for a reservation; the colleague's hold refuses it.
            browser_problems.expect("POST", f"/api/patients/{patient_id}/reservation$", 409)
            page.goto(f"{server.base_url}/annotate/{patient_id}")
            page.get_by_test_id("take-case").click()
            expect(page.get_by_test_id("reservation-refused")).to_contain_text(f"reserved by {SECOND_RADIOLOGIST}")
            assert writes == [f"POST /api/patients/{patient_id}/reservation"]
        finally:
            colleague.send("DELETE", f"/api/patients/{patient_id}/reservation")
        assert patient_id in [item["patient_id"] for item in reader.get_json("/api/queue")]  # type: ignore[union-attr]
        browser_problems.assert_none()

    def test_a_case_of_the_queue_opens_straight_away(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        reader = api_as("radiologist")
        queue = reader.get_json("/api/queue")
        assert isinstance(queue, list) and queue
        patient_id = queue[-1]["patient_id"]
        login(page, "radiologist")
        try:
            page.goto(f"{server.base_url}/annotate/{patient_id}")
            wait_viewer_rendered(page)
            expect(page.get_by_test_id("not-in-queue")).to_have_count(0)
            expect(page.get_by_test_id("reserved-until")).to_contain_text("Reserved for you")
        finally:
            reader.send("DELETE", f"/api/patients/{patient_id}/draft")
            reader.send("DELETE", f"/api/patients/{patient_id}/reservation")
        browser_problems.assert_none()
