"""The label-editing tools in the real viewer (issue "A reader's and a lead's day", item 9): fill between slices,
3D region grow from the crosshair, remove small islands and smooth (close). Each tool is run in the browser, the
draft it autosaves is downloaded through the API and compared voxel for voxel with what the tool must produce,
computed here independently (numpy / scipy), and Ctrl+Z must store the mask from before the tool again.

The case starts from an empty draft uploaded here, so every voxel of label 1 and 2 is one the test painted. The
e2e server's demo queue is shared: the case is never submitted; the draft is deleted and the reservation released.
"""

from __future__ import annotations

import gzip
import re
import secrets
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, expect
from scipy import ndimage

from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    first_queue_case,
    paint_horizontal_stroke,
    wait_viewer_rendered,
)

pytestmark = pytest.mark.e2e

SLICE = re.compile(r"^Slice (\d+) / (\d+)$")
# NiiVue's interpolation (geometric mode): each end slice smoothed by [1 2 1]/4 along both in-plane axes, blended
# linearly by distance, kept where the blend reaches this.
BINARY_THRESHOLD = 0.375
CLOSE_RADIUS_MM = 1.5  # squared voxel distances are integers on the demo's 1 mm grid: no ties with r² = 2.25


def _put_draft(api: ApiClient, patient_id: str, mask: np.ndarray, like: nib.Nifti1Image) -> str:
    """Stores `mask` as the caller's draft (what the viewer then opens with); returns its sha256."""
    image = nib.Nifti1Image(mask.astype(np.uint8), like.affine)
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="mask"; filename="draft.nii.gz"\r\n'
        "Content-Type: application/gzip\r\n\r\n"
    )
    body = head.encode() + gzip.compress(image.to_bytes()) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{api.base_url}/api/patients/{patient_id}/draft",
        data=body,
        method="PUT",
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    return _draft_sha(api, patient_id)


def _draft_sha(api: ApiClient, patient_id: str) -> str:
    info = api.get_json(f"/api/patients/{patient_id}/draft")
    assert isinstance(info, dict)
    return str(info["sha256"])


class StoredDraft:
    """The caller's draft on the server, read back each time the viewer's autosave has replaced it."""

    def __init__(self, api: ApiClient, patient_id: str, sha: str) -> None:
        self.api = api
        self.patient_id = patient_id
        self.sha = sha
        # The drawing last read back (None until the first autosave is read).
        self.mask: np.ndarray | None = None

    def after_autosave(self, page: Page) -> np.ndarray:
        """Waits until the autosave has stored a different drawing from the last one read, and returns it."""
        deadline = time.monotonic() + 20
        while (sha := _draft_sha(self.api, self.patient_id)) == self.sha:
            assert time.monotonic() < deadline, "the edit was not autosaved within 20 s"
            page.wait_for_timeout(250)
        self.sha = sha
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
        self.mask = self.api.get_array(f"/api/patients/{self.patient_id}/draft/mask")
        return self.mask

    def last(self) -> np.ndarray:
        assert self.mask is not None
        return self.mask


def _smooth(mask: np.ndarray) -> np.ndarray:
    """NiiVue's smoothSlice: [1 2 1]/4 along each in-plane axis in turn, border pixels copied."""
    out = mask.astype(np.float64)
    for axis in (0, 1):
        rolled = out.copy()
        inner = [slice(None)] * 2
        inner[axis] = slice(1, -1)
        before = [slice(None)] * 2
        before[axis] = slice(0, -2)
        after = [slice(None)] * 2
        after[axis] = slice(2, None)
        rolled[tuple(inner)] = (out[tuple(before)] + 2 * out[tuple(inner)] + out[tuple(after)]) * 0.25
        out = rolled
    return out


def _canvas_point(page: Page, fx: float, fy: float) -> tuple[float, float]:
    """A point of the viewer canvas, scrolled into view first (setting a toolbar field scrolls the page)."""
    canvas = page.get_by_test_id("viewer-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy


def _stroke(page: Page, y_fraction: float) -> None:
    page.get_by_test_id("viewer-canvas").scroll_into_view_if_needed()
    paint_horizontal_stroke(page, y_fraction)


def _slices(mask: np.ndarray, axis: int) -> list[int]:
    return sorted({int(i) for i in np.argwhere(mask)[:, axis]})


def _take(array: np.ndarray, axis: int, index: int) -> np.ndarray:
    return np.asarray(np.take(array, index, axis=axis))


def _slice_position(page: Page) -> tuple[int, int]:
    """The viewer's "Slice n / N" read-out."""
    match = SLICE.match(page.get_by_test_id("overlay-slice").inner_text())
    assert match, "the slice read-out"
    return int(match[1]), int(match[2])


class TestLabelEditingTools:
    def test_each_tool_stores_the_expected_mask_and_undoes(
        self,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
        artifacts: Path,
    ) -> None:
        login(page, "radiologist")
        row, patient_id = first_queue_case(page)
        api = api_as("radiologist")
        volume_image = api.get_nifti(f"/api/patients/{patient_id}/volume")
        volume = np.asanyarray(volume_image.dataobj).astype(np.float64)
        axial = [code in "SI" for code in nib.aff2axcodes(volume_image.affine)].index(True)
        zooms = np.asarray(volume_image.header.get_zooms()[:3], dtype=np.float64)
        stored = StoredDraft(api, patient_id, _put_draft(api, patient_id, np.zeros(volume.shape), volume_image))
        try:
            row.get_by_test_id("queue-open").click()
            wait_viewer_rendered(page)
            expect(page.get_by_test_id("viewer-status")).to_have_attribute("data-mask", "draft")
            self._tools_scroll_beside_the_viewer(page, artifacts)
            # Nothing painted yet: the tools that need voxels say so and stay disabled.
            expect(page.get_by_test_id("tool-fill-between")).to_be_disabled()
            expect(page.get_by_test_id("label-tool-reasons")).to_contain_text("has no voxels yet")
            expect(page.get_by_test_id("tool-grow-3d")).to_be_disabled()
            self._fill_between_slices(page, stored, axial)
            self._grow_in_3d(page, stored, volume, axial)
            self._remove_islands(page, stored)
            self._smooth(page, stored, zooms)
        finally:
            try:
                expect(page.get_by_test_id("save-state")).not_to_have_attribute(
                    "data-state", re.compile("dirty|saving")
                )
            finally:
                assert api.send("DELETE", f"/api/patients/{patient_id}/draft") == 204
                assert api.send("DELETE", f"/api/patients/{patient_id}/reservation") == 204
        browser_problems.assert_none()

    def _tools_scroll_beside_the_viewer(self, page: Page, artifacts: Path) -> None:
        """The tool column is longer than the window: reaching its last button scrolls the column, not the page,
        so the image stays where the reader looks."""
        column = page.locator(".tools-column")
        assert column.evaluate("el => el.scrollHeight > el.clientHeight"), "the tools fit: nothing to check"
        page.get_by_test_id("submit-annotation").scroll_into_view_if_needed()
        expect(page.get_by_test_id("submit-annotation")).to_be_in_viewport()
        assert column.evaluate("el => el.scrollTop") > 0
        box, window = page.get_by_test_id("viewer-canvas").bounding_box(), page.viewport_size
        assert box is not None and window is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= window["height"], (box, window)
        page.screenshot(path=str(artifacts / "annotate-tools-scrolled.png"))
        column.evaluate("el => { el.scrollTop = 0 }")

    def _fill_between_slices(self, page: Page, stored: StoredDraft, axial: int) -> None:
        """Two strokes of label 1 four axial slices apart, then I: the three slices between are filled."""
        page.keyboard.press("b")
        page.get_by_test_id("label-1").check()
        expect(page.get_by_test_id("tool-brush")).to_have_attribute("aria-pressed", "true")
        page.get_by_test_id("tool-pen-size").fill("4")
        first, total = _slice_position(page)
        assert first + 4 <= total
        _stroke(page, 0.5)
        for _ in range(4):
            page.keyboard.press("ArrowUp")
        expect(page.get_by_test_id("overlay-slice")).to_have_text(f"Slice {first + 4} / {total}")
        _stroke(page, 0.5)
        before = stored.after_autosave(page)
        painted = _slices(before == 1, axial)
        assert len(painted) == 2 and painted[1] - painted[0] == 4, painted
        expect(page.get_by_test_id("tool-fill-between")).to_be_enabled()

        page.keyboard.press("i")
        expect(page.get_by_test_id("tool-message")).to_contain_text("Filled 3 axial slices")
        after = stored.after_autosave(page)

        changed = after != before
        assert set(np.unique(after[changed])) == {1} and not before[changed].any()
        low, high = painted
        assert _slices(changed, axial) == [low + 1, low + 2, low + 3]
        smooth_low = _smooth(_take(before == 1, axial, low))
        smooth_high = _smooth(_take(before == 1, axial, high))
        for z in range(low + 1, high):
            frac = (z - low) / (high - low)
            expected = smooth_low * (1 - frac) + smooth_high * frac >= BINARY_THRESHOLD
            assert np.array_equal(_take(after == 1, axial, z), expected), f"slice {z}"

        page.keyboard.press("Control+z")
        assert np.array_equal(stored.after_autosave(page), before)

    def _grow_in_3d(self, page: Page, stored: StoredDraft, volume: np.ndarray, axial: int) -> None:
        """Label 2 grown from the crosshair within the picked range: exactly its 6-connected in-range component,
        through every slice, with label 1's voxels as walls that stay label 1."""
        page.get_by_test_id("label-2").check()
        page.keyboard.press("n")
        page.mouse.click(*_canvas_point(page, 0.5, 0.4))
        page.get_by_test_id("fill-pick").click()
        low = float(page.get_by_test_id("fill-low").input_value())
        high = float(page.get_by_test_id("fill-high").input_value())
        assert low < high
        expect(page.get_by_test_id("tool-grow-3d")).to_be_enabled()
        before = stored.last()  # choosing a label and moving the crosshair edit nothing

        page.keyboard.press("g")
        expect(page.get_by_test_id("tool-message")).to_contain_text("Grew label 2")
        after = stored.after_autosave(page)

        grown = after != before
        assert set(np.unique(after[grown])) == {2}
        assert np.array_equal(after == 1, before == 1)
        candidates = (volume >= low) & (volume <= high) & ((before == 0) | (before == 2))
        components, _ = ndimage.label(candidates)
        ids = np.unique(components[grown])
        assert len(ids) == 1 and ids[0] > 0
        assert np.array_equal(grown, (components == ids[0]) & (before == 0))
        assert len(_slices(grown, axial)) > 1, "a 3D grow reaches beyond the crosshair's slice"

        page.keyboard.press("Control+z")
        assert np.array_equal(stored.after_autosave(page), before)

    def _remove_islands(self, page: Page, stored: StoredDraft) -> None:
        """A one-voxel dab of label 1 beside its strokes: pieces under 5 voxels go, the strokes stay."""
        page.get_by_test_id("label-1").check()
        page.get_by_test_id("tool-pen-size").fill("1")
        page.mouse.click(*_canvas_point(page, 0.5, 0.3))
        before = stored.after_autosave(page)
        page.get_by_test_id("island-min").fill("5")
        expect(page.get_by_test_id("island-unit")).to_have_value("voxels")

        page.get_by_test_id("tool-remove-islands").click()
        expect(page.get_by_test_id("tool-message")).to_contain_text("Removed 1 island (1 voxel) of label 1")
        after = stored.after_autosave(page)

        pieces, count = ndimage.label(before == 1, structure=np.ones((3, 3, 3)))
        sizes = np.bincount(pieces.ravel())[1:]
        assert count == 3 and sorted(sizes)[0] == 1, sizes
        largest = int(np.argmax(sizes)) + 1
        expected = before.copy()
        for piece, size in enumerate(sizes, start=1):
            if piece != largest and size < 5:
                expected[pieces == piece] = 0
        assert np.array_equal(after, expected)
        assert int((before != after).sum()) == 1

        page.keyboard.press("Control+z")
        assert np.array_equal(stored.after_autosave(page), before)

    def _smooth(self, page: Page, stored: StoredDraft, zooms: np.ndarray) -> None:
        """A one-voxel hole erased in a stroke of label 1; smoothing closes it, as scipy's closing with a 1.5 mm
        ball (image edges as background) does."""
        stroke = stored.last() == 1
        page.keyboard.press("e")
        page.mouse.click(*_canvas_point(page, 0.5, 0.5))
        before = stored.after_autosave(page)
        hole = np.argwhere(stroke & (before == 0))
        assert len(hole) == 1, "a one-voxel eraser click in the middle of the stroke"
        page.get_by_test_id("close-radius").fill(str(CLOSE_RADIUS_MM))

        page.get_by_test_id("tool-smooth").click()
        expect(page.get_by_test_id("tool-message")).to_contain_text("Smoothed label 1")
        after = stored.after_autosave(page)

        reach = np.floor(CLOSE_RADIUS_MM / zooms).astype(int) + 1
        label = np.pad(before == 1, [(r, r) for r in reach])
        dilated = ndimage.distance_transform_edt(~label, sampling=zooms) <= CLOSE_RADIUS_MM
        closed = ndimage.distance_transform_edt(dilated, sampling=zooms) > CLOSE_RADIUS_MM
        closed = closed[tuple(slice(r, -r) for r in reach)]
        expected = before.copy()
        expected[closed & (before == 0)] = 1
        assert np.array_equal(after, expected)
        assert after[tuple(hole[0])] == 1

        page.keyboard.press("Control+z")
        assert np.array_equal(stored.after_autosave(page), before)
