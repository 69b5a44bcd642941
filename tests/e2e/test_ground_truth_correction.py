"""A lead corrects a validation patient's ground truth in the viewer (readers may not write it): the correction is
the accepted version on the server, with source "correction" and an `annotation.correct` audit event; and every
user's Account page lists their current session."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DEMO_PROJECT, ApiClient, Server, paint_horizontal_stroke

pytestmark = pytest.mark.e2e

REASON = "Imported label misses the hippocampal tail (checked against the T1 slices)"


def _validation_patient(lead: ApiClient) -> tuple[str, dict[str, Any]]:
    """The demo project's id and one of its validation patients that carries imported ground truth."""
    projects = lead.get_json("/api/projects")
    assert isinstance(projects, list)
    project = next(p for p in projects if p["name"] == DEMO_PROJECT)
    patients = lead.get_json(f"/api/projects/{project['id']}/patients")
    assert isinstance(patients, list)
    validation = [p for p in patients if p["split"] == "validation" and p["annotation_version"] is not None]
    assert validation, "the demo project should have validation patients with imported ground truth"
    return str(project["id"]), validation[0]


def _accepted(api: ApiClient, patient_id: str) -> dict[str, Any]:
    detail = api.get_json(f"/api/patients/{patient_id}")
    annotations = api.get_json(f"/api/patients/{patient_id}/annotations")
    assert isinstance(detail, dict) and isinstance(annotations, list)
    return next(a for a in annotations if a["version"] == detail["annotation_version"])


class TestGroundTruthCorrection:
    def test_lead_corrects_a_validation_patient_in_the_viewer(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        console_errors: Callable[[], list[str]],
    ) -> None:
        lead = api_as("lead")
        project_id, patient = _validation_patient(lead)
        patient_id = str(patient["id"])
        before = _accepted(lead, patient_id)
        assert before["source"] in {"import", "correction"}
        old_mask = lead.get_array(f"/api/annotations/{before['id']}/mask")
        # Paint the foreground label the ground truth holds least of, so the stroke changes voxels.
        paint_label = min((1, 2), key=lambda value: int((old_mask == value).sum()))

        login(page, "lead")
        page.goto(f"{server.base_url}/projects/{project_id}?tab=patients")
        row = page.locator(f'[data-testid=patient-row][data-patient-id="{patient_id}"]')
        row.get_by_test_id("patient-open-viewer").click()
        expect(page).to_have_url(f"{server.base_url}/patients/{patient_id}/ground-truth")
        expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-mask", "accepted")
        expect(status).to_contain_text(f"Annotation v{before['version']} ")
        # No reader actions here: a validation patient is written only through the audited correction.
        expect(page.get_by_test_id("submit-annotation")).to_have_count(0)

        page.keyboard.press("b")
        page.get_by_test_id(f"label-{paint_label}").check()
        paint_horizontal_stroke(page, 0.5)
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "dirty")

        page.get_by_test_id("correct-ground-truth").click()
        form = page.get_by_test_id("correction-form")
        expect(form).to_contain_text(f"replacing version {before['version']}")
        form.get_by_label("Reason (required)").fill(REASON)
        page.screenshot(path=str(artifacts / "ground-truth-correction-form.png"), full_page=True)
        form.get_by_test_id("correction-save").click()

        flash = page.get_by_test_id("correction-flash")
        expect(flash).to_contain_text("Ground truth corrected: version")
        # The viewer reloads what is accepted now: the correction itself.
        annotations = lead.get_json(f"/api/patients/{patient_id}/annotations")
        assert isinstance(annotations, list)
        after = max(annotations, key=lambda a: a["version"])
        expect(flash).to_contain_text(f"version {after['version']} is now accepted")
        expect(status).to_have_text(f"Annotation v{after['version']} by lead (ground-truth correction).")
        expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")
        page.screenshot(path=str(artifacts / "ground-truth-corrected.png"), full_page=True)
        assert console_errors() == []

        assert after["version"] > before["version"]
        assert after["source"] == "correction" and after["author"] == "lead"
        assert _accepted(lead, patient_id)["id"] == after["id"]
        new_mask = lead.get_array(f"/api/annotations/{after['id']}/mask")
        assert new_mask.shape == old_mask.shape
        changed = new_mask != old_mask
        assert changed.any() and np.all(new_mask[changed] == paint_label)

        query = urllib.parse.urlencode({"action": "annotation.correct", "user": "lead"})
        audit = api_as("admin").get_json(f"/api/admin/audit?{query}")
        assert isinstance(audit, dict)
        events = [
            e for e in audit["events"] if e["target_id"] == patient_id and e["details"]["version"] == after["version"]
        ]
        assert len(events) == 1
        details = events[0]["details"]
        assert details["previous_version"] == before["version"]
        assert details["previous_source"] == before["source"]
        assert details["reason"] == REASON

    def test_account_page_lists_the_current_session(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        console_errors: Callable[[], list[str]],
    ) -> None:
        login(page, "radiologist")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
        expect(page).to_have_url(f"{server.base_url}/account")
        current = page.locator("[data-testid=session-row][data-current=true]")
        expect(current).to_have_count(1)
        expect(current).to_contain_text("This session")
        expect(current).to_contain_text("Chrome")
        expect(current).to_contain_text("127.0.0.1")
        # A second login (this API client) is listed too, but not as the current one.
        assert api_as("radiologist").get_json("/api/auth/sessions")
        page.reload()
        expect(page.locator("[data-testid=session-row]").first).to_be_visible()
        assert page.locator("[data-testid=session-row]").count() >= 2
        expect(page.locator("[data-testid=session-row][data-current=true]")).to_have_count(1)
        expect(page.get_by_test_id("change-password")).to_contain_text("Change password")
        page.screenshot(path=str(artifacts / "account-sessions.png"), full_page=True)
        assert console_errors() == []
