"""The app under production settings: the strict Content-Security-Policy must not cost the viewer anything (WebGL,
decoding the NIfTI bytes, its font textures) nor the dashboard's charts, and the Secure session cookie must work.

Chromium treats http://127.0.0.1 as a secure context, so it stores and sends a `Secure` cookie over plain HTTP
there; the test asserts that too, since a rejected cookie would look like a login that never sticks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.helpers import ApiClient, Server, login_through_form, painted_pixels

pytestmark = pytest.mark.e2e

# Recorded on window before any page script runs, so a violation during start-up is not missed.
RECORD_VIOLATIONS = """
window.__cspViolations = []
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`)
})
"""


@pytest.fixture
def policy_violations(page: Page) -> Iterator[Callable[[], list[str]]]:
    """Every CSP violation the page reported, as events and as console errors (the two are reported separately)."""
    console_errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            console_errors.append(message.text)

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)
    yield lambda: [*page.evaluate("window.__cspViolations"), *console_errors]


class TestProductionPolicyInTheBrowser:
    def test_viewer_renders_a_real_case_with_zero_policy_violations(
        self,
        production_server: Server,
        page: Page,
        api_as: Callable[[str], ApiClient],
        policy_violations: Callable[[], list[str]],
    ) -> None:
        reader = api_as("radiologist")
        queue = reader.get_json("/api/queue")
        assert isinstance(queue, list) and queue
        # The last suggestion: the other tests work from the top of the queue.
        patient_id = queue[-1]["patient_id"]
        try:
            login_through_form(page, production_server, "radiologist")
            [cookie] = [c for c in page.context.cookies() if c["name"] == "radloop_session"]
            assert cookie["secure"] and cookie["httpOnly"]

            response = page.goto(f"{production_server.base_url}/annotate/{patient_id}")
            assert response is not None
            assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
            assert "script-src 'self';" in response.headers["content-security-policy"]
            expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")
            page.evaluate("window.__radloopViewer.rendered")
            assert policy_violations() == []
        finally:
            # Opening the case reserved it; give it back so later tests see the full queue.
            reader.send("DELETE", f"/api/patients/{patient_id}/draft")
            reader.send("DELETE", f"/api/patients/{patient_id}/reservation")

    def test_dashboard_charts_draw_with_zero_policy_violations(
        self,
        production_server: Server,
        page: Page,
        api_as: Callable[[str], ApiClient],
        policy_violations: Callable[[], list[str]],
    ) -> None:
        projects = api_as("admin").get_json("/api/projects")
        assert isinstance(projects, list) and projects
        login_through_form(page, production_server, "admin")
        page.goto(f"{production_server.base_url}/admin?project={projects[0]['id']}")
        for chart in ("efficiency-chart", "dice-chart", "uncertainty-chart"):
            expect(page.get_by_test_id(chart)).to_be_visible()
        painted = painted_pixels(page, "efficiency-chart")
        assert painted > 500
        assert policy_violations() == []
