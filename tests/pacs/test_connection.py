"""A project's PACS connection: create, read, replace, verify, delete; the secret is stored encrypted and never
leaves the server; a PACS that cannot be used gets a clear 422, never a 5xx or a 401."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import AuditEvent
from backend.models.pacs import PacsConnection
from tests.conftest import login, reset_caches
from tests.pacs.conftest import Orthanc


def _url(project_id: str, suffix: str = "") -> str:
    return f"/api/projects/{project_id}/pacs{suffix}"


def _stored() -> PacsConnection:
    with session_scope() as session:
        found = session.scalar(select(PacsConnection))
        assert found is not None
        return found


def test_connection_crud_never_returns_the_secret(
    client: TestClient, project: dict[str, str], orthanc: Orthanc
) -> None:
    lead = login(client, "lead")
    project_id = project["project_id"]
    assert client.get(_url(project_id), headers=lead).json() is None  # 200: not connected

    created = client.put(_url(project_id), json=orthanc.connection(), headers=lead)
    assert created.status_code == 200, created.text
    assert created.json() == {
        "base_url": orthanc.dicomweb_url,
        "auth": "basic",
        "username": orthanc.username,
        "has_secret": True,
        "send_on_accept": False,
    }
    read = client.get(_url(project_id), headers=lead)
    assert read.json() == created.json()
    for response in (created, read):
        assert orthanc.password not in response.text and "secret" not in response.json()

    # At rest the password is a Fernet token, not the password; the audit log says it changed, never what it is.
    stored = _stored()
    assert stored.secret_ciphertext is not None and orthanc.password not in stored.secret_ciphertext
    with session_scope() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action.like("pacs.connection.%"))))
    assert [e.action for e in events] == ["pacs.connection.create"]
    assert events[0].details["secret_changed"] is True and orthanc.password not in str(events[0].details)

    # Omitting the secret keeps it (the connection still works); a trailing slash is dropped.
    body = orthanc.connection(base_url=orthanc.dicomweb_url + "/", send_on_accept=True)
    del body["secret"]
    replaced = client.put(_url(project_id), json=body, headers=lead)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["has_secret"] is True and replaced.json()["send_on_accept"] is True
    assert replaced.json()["base_url"] == orthanc.dicomweb_url
    assert _stored().secret_ciphertext == stored.secret_ciphertext
    assert client.post(_url(project_id, "/verify"), headers=lead).json()["ok"] is True

    # A radiologist neither reads nor changes it.
    reader = login(client, "radiologist")
    assert client.get(_url(project_id), headers=reader).status_code == 403
    assert client.put(_url(project_id), json=orthanc.connection(), headers=reader).status_code == 403

    # auth none forgets the secret; delete forgets the connection.
    none = client.put(_url(project_id), json={"base_url": orthanc.dicomweb_url, "auth": "none"}, headers=lead)
    assert none.json()["has_secret"] is False and none.json()["username"] is None
    assert _stored().secret_ciphertext is None
    assert client.delete(_url(project_id), headers=lead).status_code == 204
    assert client.get(_url(project_id), headers=lead).json() is None  # 200: not connected
    assert client.delete(_url(project_id), headers=lead).status_code == 404


BAD_SETTINGS: list[tuple[dict[str, str], int, str]] = [
    ({"base_url": "ftp://pacs.example.org/dicom-web"}, 422, "http:// or https://"),
    ({"base_url": "https://user:pw@pacs.example.org/dicom-web"}, 422, "user name or password"),
    ({"base_url": "https://pacs.example.org/dicom-web?x=1"}, 422, "query"),
    ({"base_url": "https://pacs.example.org:99999/dicom-web"}, 422, "port"),
    ({"base_url": "https://pacs.example.org/dicom-web", "auth": "basic", "secret": "pw"}, 422, "needs a username"),
    ({"base_url": "https://pacs.example.org/dicom-web", "auth": "none", "secret": "pw"}, 422, "neither"),
    ({"base_url": "https://pacs.example.org/dicom-web", "auth": "bearer", "username": "u"}, 422, "no username"),
    ({"base_url": "https://pacs.example.org/dicom-web", "auth": "basic", "username": "u"}, 400, "password"),
    ({"base_url": "https://pacs.example.org/dicom-web", "auth": "bearer"}, 400, "token"),
]


def test_bad_settings_are_refused_and_change_nothing(client: TestClient, project: dict[str, str]) -> None:
    lead = login(client, "lead")
    for body, status, words in BAD_SETTINGS:
        response = client.put(_url(project["project_id"]), json=body, headers=lead)
        assert response.status_code == status, (body, response.text)
        assert words in response.json()["detail"], (body, response.text)
        assert set(response.json()) == {"error", "detail"}
        assert client.get(_url(project["project_id"]), headers=lead).json() is None


def test_verify_says_why_a_pacs_cannot_be_used(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    lead = login(client, "lead")
    project_id = project["project_id"]
    assert client.post(_url(project_id, "/verify"), headers=lead).status_code == 404

    cases = [
        (orthanc.connection(), True, "answered"),
        (orthanc.connection(secret="wrong-password"), False, "refused the credentials (HTTP 401)"),
        ({"base_url": orthanc.dicomweb_url, "auth": "none"}, False, "HTTP 401"),
        ({"base_url": orthanc.dicomweb_url, "auth": "bearer", "secret": "a-token"}, False, "HTTP 401"),
        (orthanc.connection(base_url=f"{orthanc.url}/not-dicomweb"), False, "404"),
        (orthanc.connection(base_url="http://127.0.0.1:9/dicom-web"), False, "refused"),
        (orthanc.connection(base_url="http://no-such-host.invalid/dicom-web"), False, "does not resolve"),
    ]
    for body, ok, words in cases:
        assert client.put(_url(project_id), json=body, headers=lead).status_code == 200
        verdict = client.post(_url(project_id, "/verify"), headers=lead)
        assert verdict.status_code == 200, verdict.text
        assert verdict.json()["ok"] is ok, (body["base_url"], verdict.json())
        assert words in verdict.json()["detail"]
        assert orthanc.password not in verdict.text

    # Searching an unreachable PACS: 422 in the one error shape, naming the cause (never 5xx, never 401).
    searched = client.get(_url(project_id, "/studies"), headers=lead)
    assert searched.status_code == 422, searched.text
    assert searched.json()["error"] == "PacsUnavailable"
    assert "does not resolve" in searched.json()["detail"]
    assert client.put(_url(project_id), json=orthanc.connection(secret="wrong"), headers=lead).status_code == 200
    refused = client.get(_url(project_id, "/studies"), headers=lead)
    assert refused.status_code == 422 and "HTTP 401" in refused.json()["detail"]


def test_a_secret_saved_under_another_secret_key_must_be_entered_again(
    client: TestClient, project: dict[str, str], orthanc: Orthanc, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = login(client, "lead")
    project_id = project["project_id"]
    assert client.put(_url(project_id), json=orthanc.connection(), headers=lead).status_code == 200
    monkeypatch.setenv("SECRET_KEY", "another-secret-key-with-enough-entropy-987654321")
    reset_caches()
    try:
        lead = login(client, "lead")  # sessions signed with the old key are gone too
        verdict = client.post(_url(project_id, "/verify"), headers=lead).json()
        assert verdict["ok"] is False and "enter it again" in verdict["detail"]
        searched = client.get(_url(project_id, "/studies"), headers=lead)
        assert searched.status_code == 422 and searched.json()["error"] == "SecretUnreadable"
        assert client.put(_url(project_id), json=orthanc.connection(), headers=lead).status_code == 200
        assert client.post(_url(project_id, "/verify"), headers=lead).json()["ok"] is True
    finally:
        monkeypatch.undo()
        reset_caches()
