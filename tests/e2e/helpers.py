"""Plain helpers shared by the E2E fixtures and tests (kept out of conftest so tests can import them)."""

from __future__ import annotations

import base64
import gzip
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

# The project `radloop seed-demo` creates; the e2e server runs one real round on it.
DEMO_PROJECT = "Hippocampus MRI (demo)"


@dataclass(frozen=True)
class Server:
    base_url: str
    password: str
    # The environment the server runs with (database, storage, key), so a second server can share its data.
    env: dict[str, str] = field(default_factory=dict, repr=False)


def login_through_form(page: Page, server: Server, username: str) -> None:
    """Logs `username` in through the real login form of `server`."""
    page.goto(f"{server.base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("current-user").wait_for()


class ApiClient:
    """Direct API access with a bearer token, to check what the browser stored on the server."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token

    def get_bytes(self, path: str) -> bytes:
        request = urllib.request.Request(f"{self.base_url}{path}", headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return bytes(response.read())

    def send(self, method: str, path: str) -> int:
        """A bodyless request (DELETE a draft or a reservation, say); returns the status code."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method, headers={"Authorization": f"Bearer {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def get_json(self, path: str) -> object:
        return json.loads(self.get_bytes(path))

    def send_json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A JSON request (PATCH settings, POST an action); returns the decoded response, raises on 4xx/5xx."""
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            data=json.dumps(body or {}).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def get_nifti(self, path: str) -> nib.Nifti1Image:
        data = self.get_bytes(path)
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return nib.Nifti1Image.from_bytes(data)

    def get_array(self, path: str) -> np.ndarray:
        return np.asanyarray(self.get_nifti(path).dataobj)


def brush_label(api: ApiClient, patient_id: str, labels: tuple[int, ...] = (1, 2)) -> int:
    """The foreground label the model predicted least for this patient.

    The e2e round trains for a few epochs, so its prediction can cover most of a volume with one label; a stroke
    in the other label changes voxels whatever that short training learned.
    """
    prediction = api.get_array(f"/api/patients/{patient_id}/prediction")
    return min(labels, key=lambda value: int((prediction == value).sum()))


def paint_horizontal_stroke(page: Page, y_fraction: float) -> None:
    """One brush stroke across the middle of the viewer canvas at `y_fraction` of its height.

    The canvas is scrolled into view first, as a reader would: checking a control low in the (long) tool column
    scrolls the page, and a mouse event outside the viewport reaches nothing."""
    canvas = page.get_by_test_id("viewer-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] * y_fraction
    page.mouse.move(box["x"] + box["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.60, y, steps=20)
    page.mouse.up()


def api_login(server: Server, username: str) -> ApiClient:
    """A bearer-token client from the real login endpoint (usable outside a test, e.g. in a class fixture)."""
    body = json.dumps({"username": username, "password": server.password}).encode()
    request = urllib.request.Request(
        f"{server.base_url}/api/auth/login", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return ApiClient(server.base_url, json.loads(response.read())["access_token"])


def demo_project(client: ApiClient) -> dict[str, Any]:
    projects = client.get_json("/api/projects")
    assert isinstance(projects, list)
    return next(p for p in projects if p["name"] == DEMO_PROJECT)


def unqueued_pool_patients(lead: ApiClient, reader: ApiClient, project_id: str) -> list[dict[str, Any]]:
    """The project's unlabelled pool patients that the reader's queue does not offer: cases a journey may publish
    to its readers without disturbing the round's selection."""
    queue = reader.get_json("/api/queue")
    assert isinstance(queue, list)
    queued = {item["patient_id"] for item in queue}
    rows = lead.get_json(f"/api/projects/{project_id}/patients")
    assert isinstance(rows, list)
    free = [p for p in rows if p["split"] == "pool" and p["status"] == "unlabeled" and p["id"] not in queued]
    if not free:
        pytest.fail("the demo project should have an unlabelled pool patient the round did not select")
    return free


def first_queue_case(page: Page) -> tuple[Locator, str]:
    """The top row of the reader's queue page and its patient id, once the queue has rendered."""
    row = page.get_by_test_id("queue-row").first
    expect(row).to_be_visible()
    patient_id = row.get_attribute("data-patient-id")
    assert patient_id
    return row, patient_id


def wait_viewer_rendered(page: Page) -> None:
    """Waits until the viewer has drawn its first frame (the engine is exposed as ``window.__radloopViewer``)."""
    expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")
    page.evaluate("window.__radloopViewer.rendered")


def viewer_labelmap(page: Page) -> np.ndarray:
    """The drawing the viewer holds now, exported as a submission would send it (on the image's own voxel grid)."""
    exported = page.evaluate(
        """async () => {
          const bytes = await window.__radloopViewer.getLabelmap()
          let binary = ''
          for (const byte of bytes) binary += String.fromCharCode(byte)
          return btoa(binary)
        }"""
    )
    return np.asanyarray(nib.Nifti1Image.from_bytes(base64.b64decode(exported)).dataobj)


def painted_pixels(page: Page, test_id: str) -> int:
    """How many pixels of a canvas are not transparent: proof that Chart.js (or the viewer) drew on it."""
    return int(
        page.get_by_test_id(test_id).evaluate(
            """canvas => {
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
                let n = 0
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
                return n
            }"""
        )
    )


# Chromium logs every answer >= 400 as this console error too; the response itself is judged (with its method, and
# whether the test expects it), so the console line is not counted twice.
FAILED_RESOURCE = "Failed to load resource: the server responded with a status of"


@dataclass(frozen=True)
class FailedResponse:
    method: str
    url: str
    status: int

    def __str__(self) -> str:
        return f"{self.status} {self.method} {urlsplit(self.url).path}"


class BrowserProblems:
    """What a user's browser would complain about on the pages it watches: console errors, uncaught exceptions, and
    every response with status >= 400, but for those the test said it expects (``expect``).

    An expected absence is not an error: the app answers it without an error status or knows it from the case
    payload, so nothing is excused by default. Calling the object lists the problems (the ``console_errors`` API)."""

    def __init__(self) -> None:
        self._messages: list[str] = []
        self._responses: list[FailedResponse] = []
        self._expected: list[tuple[str, re.Pattern[str], int]] = []

    def watch(self, page: Page) -> Page:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._messages.append(f"uncaught: {error}"))
        page.on("response", self._on_response)
        return page

    def expect(self, method: str, path: str, status: int) -> None:
        """Excuse answers the test provokes on purpose (a colleague's reserved case: ``POST .../reservation`` 409).
        ``path`` is a regular expression searched in the URL's path."""
        self._expected.append((method.upper(), re.compile(path), status))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith(FAILED_RESOURCE):
            self._messages.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._responses.append(FailedResponse(response.request.method, response.url, response.status))

    def _excused(self, failed: FailedResponse) -> bool:
        path = urlsplit(failed.url).path
        return any(
            failed.method == method and failed.status == status and pattern.search(path)
            for method, pattern, status in self._expected
        )

    def __call__(self) -> list[str]:
        return [*self._messages, *(str(r) for r in self._responses if not self._excused(r))]

    def assert_none(self) -> None:
        problems = self()
        assert problems == [], "the browser reported problems:\n" + "\n".join(problems)
