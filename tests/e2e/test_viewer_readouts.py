"""What a radiologist reads off the viewer (issue 15 items 7 and 8): the slice number, window/level while it is
dragged, the value under the pointer, orientation letters (radiological by default, neurological remembered), the
de-identified study header, the ruler in mm, and each label's volume in ml while painting, equal to the stored
mask's voxel count times the voxel volume."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import ApiClient, Server, brush_label, first_queue_case, wait_viewer_rendered

pytestmark = pytest.mark.e2e

SLICE = re.compile(r"^Slice (\d+) / (\d+)$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _slice(page: Page) -> tuple[int, int]:
    text = page.get_by_test_id("overlay-slice").inner_text()
    match = SLICE.match(text)
    assert match, text
    return int(match[1]), int(match[2])


def _canvas_point(page: Page, fx: float, fy: float) -> tuple[float, float]:
    box = page.get_by_test_id("viewer-canvas").bounding_box()
    assert box is not None
    return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy


def _drag(page: Page, start: tuple[float, float], end: tuple[float, float], button: str = "left") -> None:
    page.mouse.move(*start)
    page.mouse.down(button=button)  # type: ignore[arg-type]
    page.mouse.move(*end, steps=12)
    page.mouse.up(button=button)  # type: ignore[arg-type]


class TestViewerReadouts:
    def test_readouts_ruler_and_label_volume_match_what_is_stored(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        console_errors: Callable[[], list[str]],
    ) -> None:
        login(page, "radiologist")
        row, patient_id = first_queue_case(page)
        row.get_by_test_id("queue-open").click()
        wait_viewer_rendered(page)
        api = api_as("radiologist")
        patient = api.get_json(f"/api/patients/{patient_id}")
        assert isinstance(patient, dict)

        # The header: modality (and the study's date and descriptions where the files have them), never the id.
        header = page.get_by_test_id("overlay-header")
        expect(header).to_contain_text(patient["modality"])
        assert patient["external_id"] not in header.inner_text()

        # Slice n / N follows the slice keys.
        expect(page.get_by_test_id("overlay-slice")).to_have_text(SLICE)
        index, total = _slice(page)
        step = 1 if index < total else -1
        page.keyboard.press("ArrowUp" if step == 1 else "ArrowDown")
        expect(page.get_by_test_id("overlay-slice")).to_have_text(f"Slice {index + step} / {total}")
        page.keyboard.press("ArrowDown" if step == 1 else "ArrowUp")
        expect(page.get_by_test_id("overlay-slice")).to_have_text(f"Slice {index} / {total}")
        assert total in patient["shape"]

        # Radiological convention by default: the patient's right on the screen's left.
        expect(page.get_by_test_id("orientation-left")).to_have_text("R")
        expect(page.get_by_test_id("orientation-right")).to_have_text("L")
        expect(page.get_by_test_id("orientation-top")).to_have_text("A")

        # The value under the pointer is a number the image really holds.
        centre = _canvas_point(page, 0.5, 0.5)
        page.mouse.move(*centre)
        value = page.get_by_test_id("overlay-value-number")
        expect(value).to_have_text(NUMBER)
        image = api.get_array(f"/api/patients/{patient_id}/volume").astype(np.float64)
        shown = float(value.inner_text())
        assert np.isclose(image, shown, atol=0.5 * 10 ** -_decimals(value.inner_text())).any(), shown

        # Window/level changes, and its numbers with it, while the right button is still held.
        width = page.get_by_test_id("overlay-window-width")
        level = page.get_by_test_id("overlay-window-level")
        expect(width).to_have_text(NUMBER)
        width_before, level_before = width.inner_text(), level.inner_text()
        page.mouse.move(*centre)
        page.mouse.down(button="right")
        page.mouse.move(centre[0] + 80, centre[1] + 50, steps=10)
        expect(width).not_to_have_text(width_before)
        expect(level).not_to_have_text(level_before)
        page.mouse.up(button="right")
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-readouts.png"))

        # Ruler: NiiVue's measurement drag; a line twice as long measures twice as many mm.
        page.keyboard.press("m")
        page.get_by_test_id("viewer-canvas").scroll_into_view_if_needed()
        expect(page.get_by_test_id("tool-ruler")).to_have_attribute("aria-pressed", "true")
        _drag(page, _canvas_point(page, 0.45, 0.45), _canvas_point(page, 0.5, 0.5))
        _drag(page, _canvas_point(page, 0.45, 0.45), _canvas_point(page, 0.55, 0.55))
        lengths = page.get_by_test_id("ruler-length")
        expect(lengths).to_have_count(2)
        expect(lengths.nth(0)).to_contain_text(" mm")
        short, long = (float(re.findall(r"([\d.]+) mm", lengths.nth(i).inner_text())[0]) for i in range(2))
        assert short > 0 and long / short == pytest.approx(2, rel=0.1)
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-ruler.png"))
        page.get_by_test_id("ruler-clear").click()
        expect(lengths).to_have_count(0)

        # Label volume in ml grows while a stroke is painted (before the button is released).
        page.keyboard.press("b")
        label = brush_label(api, patient_id)
        page.get_by_test_id(f"label-{label}").check()
        volume = page.get_by_test_id(f"label-volume-{label}")
        voxels_before = int(volume.get_attribute("data-voxels") or "0")
        page.get_by_test_id("viewer-canvas").scroll_into_view_if_needed()
        page.mouse.move(*_canvas_point(page, 0.40, 0.55))
        page.mouse.down()
        page.mouse.move(*_canvas_point(page, 0.60, 0.55), steps=20)
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-stroke.png"))
        expect(volume).not_to_have_attribute("data-voxels", str(voxels_before))
        page.mouse.up()
        page.wait_for_timeout(300)  # the full recount after the stroke is committed
        voxels_after = int(volume.get_attribute("data-voxels") or "0")
        assert voxels_after > voxels_before
        shown_ml = volume.inner_text()
        page.get_by_test_id("measurements").screenshot(path=str(artifacts / "viewer-label-volumes.png"))

        # Compared with the mask the server stored (the autosaved draft: submitting would use up a queue case
        # that later journeys need), then the case is handed back untouched.
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
        stored = api.get_nifti(f"/api/patients/{patient_id}/draft/mask")
        count = int((np.asanyarray(stored.dataobj) == label).sum())
        voxel_mm3 = float(np.prod(stored.header.get_zooms()[:3]))
        expected_ml = count * voxel_mm3 / 1000
        assert api.send("DELETE", f"/api/patients/{patient_id}/draft") == 204
        assert api.send("DELETE", f"/api/patients/{patient_id}/reservation") == 204
        assert voxels_after == count
        figure = float(re.findall(r"([\d.]+) ml", shown_ml)[0])
        assert figure == pytest.approx(expected_ml, abs=0.0005 if expected_ml < 10 else 0.05)
        assert console_errors() == []

    def test_neurological_convention_is_remembered(
        self, page: Page, login: Callable[[Page, str], None], artifacts: Path
    ) -> None:
        login(page, "radiologist")
        row, _ = first_queue_case(page)
        row.get_by_test_id("queue-open").click()
        wait_viewer_rendered(page)
        page.get_by_test_id("tool-convention").select_option("neurological")
        expect(page.get_by_test_id("orientation-left")).to_have_text("L")
        expect(page.get_by_test_id("orientation-right")).to_have_text("R")
        page.reload()
        wait_viewer_rendered(page)
        expect(page.get_by_test_id("tool-convention")).to_have_value("neurological")
        expect(page.get_by_test_id("orientation-left")).to_have_text("L")
        # Sagittal views read the same in both conventions.
        page.keyboard.press("3")
        expect(page.get_by_test_id("orientation-left")).to_have_text("P")
        expect(page.get_by_test_id("orientation-right")).to_have_text("A")
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-sagittal-neurological.png"))
        page.get_by_test_id("tool-convention").select_option("radiological")
        page.keyboard.press("1")
        expect(page.get_by_test_id("orientation-left")).to_have_text("R")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0
