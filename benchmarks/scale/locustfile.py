"""What the browser asks of the API, at its pace: ``SCALE_READERS`` readers, one lead, one admin (Locust users).

A reader logs in once, polls ``GET /api/queue`` every 10 s (``features/worklist/api/get-queue.ts``) and works one
case every 30–60 s: opens it as ``features/annotate`` does (the case payload, the reservation, the draft's
metadata, the starting mask the payload names and the uncertainty overlay, then the volume, named apart so its
transfer does not count as case-open time), autosaves a draft half-way and submits the mask at the end, then
refetches the queue (the submit mutation invalidates it). A reservation or a submission refused because a colleague
took the case a moment earlier (409, or 403 once it is annotated) is what the browser shows as "taken": counted
under ``conflict: …`` and never as a failure. The lead walks the project's pages and the admin the audit log and the
accounts; every list is asked for its first page (``limit=100``).

Besides the requests, each opened case records ``CASE case open (total, excl. volume)``: the sum of its requests
before the volume, what the reader waits for. Configured by environment (``benchmarks.scale.build.Built.env``).
"""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant, task
from locust.contrib.fasthttp import FastResponse

from benchmarks.scale.names import ADMIN, CASE_OPEN, LEAD, reader_name

PASSWORD = os.environ.get("SCALE_PASSWORD", "")
READERS = int(os.environ.get("SCALE_READERS", "1"))
PROJECT_ID = os.environ.get("SCALE_PROJECT_ID", "")
ROUND_ID = os.environ.get("SCALE_ROUND_ID", "")
PAYLOADS = Path(os.environ.get("SCALE_PAYLOADS", "."))
QUEUE_POLL_S = 10.0
# A case from opening to submission, and the first case's delay after login (the smoke test shortens both).
CASE_SECONDS = tuple(float(s) for s in os.environ.get("SCALE_CASE_SECONDS", "30,60").split(","))[:2]
FIRST_CASE_S = float(os.environ.get("SCALE_FIRST_CASE_S", "10"))
PAGE = "limit=100"


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body (FastHttpUser has no ``files=``): what the browser's FormData sends."""
    boundary = f"----radloop{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _LoggedIn(FastHttpUser):
    abstract = True
    username = ""

    def login(self, username: str) -> None:
        response = self.client.post(
            "/api/auth/login", json={"username": username, "password": PASSWORD}, name="auth: login"
        )
        token = response.json()["access_token"] if response.status_code == 200 else ""
        self.auth = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, name: str, headers: dict[str, str] | None = None) -> FastResponse:
        response: FastResponse = self.client.get(path, name=name, headers={**self.auth, **(headers or {})})
        return response

    def timed_get(self, path: str, name: str) -> tuple[FastResponse, float]:
        """The response and its time in ms, as the reader waits for it."""
        start = time.perf_counter()
        response = self.get(path, name)
        return response, (time.perf_counter() - start) * 1000

    def conflict(self, what: str) -> None:
        """A case a colleague took a moment earlier: the browser says so and the reader picks another."""
        self.environment.events.request.fire(
            request_type="INFO",
            name=f"conflict: {what}",
            response_time=0,
            response_length=0,
            exception=None,
            context={},
        )


class Reader(_LoggedIn):
    fixed_count = READERS
    wait_time = constant(0.5)
    _next_index = 0

    def on_start(self) -> None:
        Reader._next_index += 1
        self.login(reader_name((Reader._next_index - 1) % READERS + 1))
        self.queue: list[dict[str, Any]] = []
        self.next_poll = time.monotonic() + random.uniform(0, QUEUE_POLL_S)  # browsers do not poll in step
        self.case: dict[str, Any] | None = None
        self.next_case = time.monotonic() + random.uniform(min(1.0, FIRST_CASE_S), FIRST_CASE_S)
        self.mask = (PAYLOADS / "mask.nii").read_bytes()
        self.draft = (PAYLOADS / "draft.nii.gz").read_bytes()
        self.poll_queue()

    def poll_queue(self) -> None:
        response = self.get("/api/queue", "queue")
        if response.status_code == 200:
            self.queue = list(response.json())
        self.next_poll = time.monotonic() + QUEUE_POLL_S

    @task
    def tick(self) -> None:
        now = time.monotonic()
        if now >= self.next_poll:
            self.poll_queue()
        if self.case is None and now >= self.next_case:
            self.open_case()
        elif self.case is not None and not self.case["drafted"] and now >= self.case["draft_at"]:
            self.save_draft()
        elif self.case is not None and now >= self.case["submit_at"]:
            self.submit()

    def pick(self) -> dict[str, Any] | None:
        """The reader's own reserved case first, else any offered one: fifty readers who all took the top case of
        a queue up to 10 s old would mostly collide, which real readers, who do not start in step, rarely do."""
        mine = [item for item in self.queue if item.get("reserved_by_me")]
        if mine:
            return mine[0]
        return random.choice(self.queue) if self.queue else None

    def open_case(self) -> None:
        item = self.pick()
        if item is None:
            self.next_case = time.monotonic() + QUEUE_POLL_S
            return
        pid = str(item["patient_id"])
        self.queue = [i for i in self.queue if str(i["patient_id"]) != pid]
        detail, waited = self.timed_get(f"/api/patients/{pid}", "case: patient")
        if detail.status_code != 200:
            self.next_case = time.monotonic() + 5
            return
        payload = detail.json()
        start = time.perf_counter()
        with self.client.post(
            f"/api/patients/{pid}/reservation", name="case: reservation", headers=self.auth, catch_response=True
        ) as reserved:
            waited += (time.perf_counter() - start) * 1000
            if reserved.status_code in (403, 409):
                reserved.success()
                self.conflict("reservation (case taken)")
                self.next_case = time.monotonic() + 1
                return
        waited += self.timed_get(f"/api/patients/{pid}/draft", "case: draft")[1]
        masks = payload.get("masks") or {}
        starting = masks.get("starting")
        if starting == "draft":
            waited += self.timed_get(f"/api/patients/{pid}/draft/mask", "case: draft mask")[1]
        elif starting == "accepted":
            accepted = masks["accepted"]["annotation_id"]
            waited += self.timed_get(f"/api/annotations/{accepted}/mask", "case: accepted mask")[1]
        elif starting == "prediction":
            waited += self.timed_get(f"/api/patients/{pid}/prediction", "case: prediction")[1]
        if payload.get("has_uncertainty"):
            waited += self.timed_get(f"/api/patients/{pid}/uncertainty", "case: uncertainty")[1]
        self.environment.events.request.fire(
            request_type="CASE", name=CASE_OPEN, response_time=waited, response_length=0, exception=None, context={}
        )
        self.get(f"/api/patients/{pid}/volume", "volume (transfer)", headers={"Accept": "application/x-nifti"})
        length = random.uniform(CASE_SECONDS[0], CASE_SECONDS[-1])
        now = time.monotonic()
        self.case = {
            "id": pid,
            "base": payload.get("annotation_version"),
            "opened": now,
            "draft_at": now + length / 2,
            "drafted": False,
            "submit_at": now + length,
        }

    def save_draft(self) -> None:
        assert self.case is not None
        seconds = f"{time.monotonic() - self.case['opened']:.1f}"
        body, content_type = _multipart(
            {"time_spent_s": seconds}, {"mask": ("draft.nii.gz", self.draft, "application/gzip")}
        )
        with self.client.put(
            f"/api/patients/{self.case['id']}/draft",
            data=body,  # type: ignore[arg-type]  # bytes are sent as they are; Locust's hint is narrower
            headers={**self.auth, "Content-Type": content_type},
            name="case: save draft",
            catch_response=True,
        ) as response:
            if response.status_code in (403, 409):
                response.success()
                self.conflict("draft (case taken)")
                self.case = None
                self.next_case = time.monotonic() + 1
                return
        self.case["drafted"] = True

    def submit(self) -> None:
        assert self.case is not None
        fields = {"time_spent_s": f"{time.monotonic() - self.case['opened']:.1f}"}
        if self.case["base"] is not None:
            fields["base_version"] = str(self.case["base"])
        body, content_type = _multipart(fields, {"mask": ("mask.nii", self.mask, "application/octet-stream")})
        with self.client.post(
            f"/api/patients/{self.case['id']}/annotations",
            data=body,  # type: ignore[arg-type]  # bytes are sent as they are; Locust's hint is narrower
            headers={**self.auth, "Content-Type": content_type},
            name="case: submit",
            catch_response=True,
        ) as response:
            if response.status_code in (403, 409):
                response.success()
                self.conflict("submit (case taken)")
        self.case = None
        self.next_case = time.monotonic()
        self.poll_queue()  # the submit mutation invalidates the queue


class Lead(_LoggedIn):
    """The project lead's pages (``features/projects``, ``patients``, ``rounds``, ``admin/dashboard``)."""

    fixed_count = 1
    wait_time = between(3, 8)

    def on_start(self) -> None:
        self.login(LEAD)

    @task
    def projects(self) -> None:
        self.get("/api/projects", "lead: projects")

    @task
    def project(self) -> None:
        self.get(f"/api/projects/{PROJECT_ID}", "lead: project")
        self.get(f"/api/projects/{PROJECT_ID}/rounds", "lead: rounds")

    @task
    def patients(self) -> None:
        self.get(f"/api/projects/{PROJECT_ID}/patients?{PAGE}", "lead: patients (first page)")

    @task
    def scores(self) -> None:
        self.get(f"/api/rounds/{ROUND_ID}/scores?{PAGE}", "lead: scores (first page)")

    @task
    def ledger(self) -> None:
        self.get(f"/api/projects/{PROJECT_ID}/ledger?{PAGE}", "lead: ledger (first page)")

    @task
    def dashboard(self) -> None:
        self.get(f"/api/projects/{PROJECT_ID}/dashboard", "lead: dashboard")

    @task
    def annotations(self) -> None:
        self.get(f"/api/projects/{PROJECT_ID}/annotations?{PAGE}", "lead: annotations (first page)")


class Admin(_LoggedIn):
    """The admin's audit page (filtered by project, by action, unfiltered) and the accounts."""

    fixed_count = 1
    wait_time = between(5, 12)

    def on_start(self) -> None:
        self.login(ADMIN)

    @task(2)
    def audit_project(self) -> None:
        self.get(f"/api/admin/audit?project_id={PROJECT_ID}&{PAGE}", "admin: audit (project filter)")

    @task
    def audit_action(self) -> None:
        self.get(f"/api/admin/audit?action=annotation&{PAGE}", "admin: audit (action filter)")

    @task
    def audit(self) -> None:
        self.get(f"/api/admin/audit?{PAGE}", "admin: audit")

    @task
    def users(self) -> None:
        self.get("/api/admin/users", "admin: users")
