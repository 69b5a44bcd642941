"""A large volume opens on its downsampled preview, and the full resolution replaces it where the reader left it
(issue 17 item 11): same slice in the patient, the window they dragged, tools only once the full volume is there."""

from __future__ import annotations

import gzip
import json
import secrets
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.helpers import ApiClient, BrowserProblems, Server

pytestmark = pytest.mark.e2e

# 17M voxels: above the viewer's 16M threshold, so it opens on the preview (every 2nd voxel: 128 × 128 × 130).
SHAPE = (256, 256, 260)


def _large_volume() -> bytes:
    z = np.arange(SHAPE[2], dtype=np.int16)[None, None, :]
    x = np.arange(SHAPE[0], dtype=np.int16)[:, None, None]
    data = (x + 4 * z + np.zeros(SHAPE, np.int16)).astype(np.int16)
    affine = np.array([[1.0, 0, 0, -128], [0, 1.0, 0, -120], [0, 0, 1.0, -40], [0, 0, 0, 1]])
    return gzip.compress(nib.Nifti1Image(data, affine).to_bytes(), compresslevel=1)


def _import(api: ApiClient, project_id: str, name: str, payload: bytes) -> str:
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/gzip\r\n\r\n"
    )
    request = urllib.request.Request(
        f"{api.base_url}/api/projects/{project_id}/imports",
        data=head.encode() + payload + f"\r\n--{boundary}--\r\n".encode(),
        method="POST",
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 201
        return str(json.loads(response.read())["patients"][0]["id"])


def _readout(page: Page) -> dict[str, Any]:
    readout = page.evaluate("window.__radloopViewer.readout()")
    assert isinstance(readout, dict)
    return readout


class TestProgressiveLoading:
    def test_the_preview_comes_first_and_the_full_volume_keeps_the_readers_place(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        lead = api_as("lead")
        body = {
            "name": f"Large CT {secrets.token_hex(3)}",
            "modality": "CT",
            "labels": [{"value": 1, "name": "lesion", "color": "#ff0000"}],
            "cost_per_patient": 1,
            "budget_total": 10,
        }
        project = lead.send_json("POST", "/api/projects", body)
        patient_id = _import(lead, project["id"], "large-ct.nii.gz", _large_volume())

        # The full volume is held back until the test has used the preview.
        held: list[Route] = []
        full_path = f"/api/patients/{patient_id}/volume"
        page.route(
            lambda url: urlsplit(url).path == full_path and "level=" not in url, lambda route: held.append(route)
        )

        login(page, "lead")
        page.goto(f"{server.base_url}/patients/{patient_id}/ground-truth")
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-loading", "full-resolution", timeout=60_000)
        expect(status).to_have_text(
            "Loading full resolution… (a lower-resolution preview is shown; the tools unlock when it is ready)"
        )
        viewer = page.get_by_test_id("viewer")
        expect(viewer).to_have_attribute("data-rendered", "false")
        expect(page.get_by_test_id("correct-ground-truth")).to_be_disabled()
        expect(page.get_by_test_id("overlay-slice")).to_have_text("Slice –")  # no read-outs of the preview's grid

        preview = _readout(page)
        assert [(s["plane"], s["total"]) for s in preview["slices"]] == [("axial", 130)]
        # The reader scrolls through the preview and drags the window, as on any image.
        box = page.get_by_test_id("viewer-canvas").bounding_box()
        assert box is not None
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.move(*centre)
        for _ in range(12):
            page.mouse.wheel(0, -120)
        page.mouse.down(button="right")
        page.mouse.move(centre[0] + 120, centre[1] - 60, steps=8)
        page.mouse.up(button="right")
        page.wait_for_timeout(300)
        moved = _readout(page)
        [preview_slice] = moved["slices"]
        assert preview_slice["index"] != preview["slices"][0]["index"]
        assert moved["window"] != preview["window"]

        assert len(held) == 1, "the full volume is requested while the preview is shown"
        held[0].continue_()
        expect(viewer).to_have_attribute("data-rendered", "true", timeout=120_000)
        expect(status).not_to_have_attribute("data-loading", "full-resolution")
        expect(status).to_have_text("No prediction: empty mask.")
        expect(page.get_by_test_id("correct-ground-truth")).to_be_enabled()

        full = _readout(page)
        [full_slice] = full["slices"]
        assert full_slice["total"] == 260
        # Preview slice i (1-based) is full voxel 2(i-1): the same place in the patient, within the rounding.
        assert abs(full_slice["index"] - (2 * (preview_slice["index"] - 1) + 1)) <= 1
        expect(page.get_by_test_id("overlay-slice")).to_have_text(f"Slice {full_slice['index']} / 260")
        assert full["window"]["min"] == pytest.approx(moved["window"]["min"])
        assert full["window"]["max"] == pytest.approx(moved["window"]["max"])

        marks = page.evaluate(
            "['radloop:first-slice', 'radloop:full-resolution'].map((n) => performance.getEntriesByName(n).length ?"
            " performance.getEntriesByName(n)[0].startTime : null)"
        )
        assert marks[0] is not None and marks[1] is not None and marks[0] < marks[1]
        # The drawing exists on the full grid only: what the viewer would save has the image's shape.
        shape = page.evaluate(
            "window.__radloopViewer.getLabelmap().then((b) => { const v = new DataView(b.buffer, b.byteOffset);"
            " return [1, 2, 3].map((i) => v.getInt16(40 + 2 * i, true)) })"
        )
        assert shape == list(SHAPE)
        browser_problems.assert_none()
