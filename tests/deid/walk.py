"""What the marker proofs share: walking every GET route of the app and looking for the marker in what comes back
(bodies, gzip and zip contents, DICOM attributes), in log records and in database rows."""

from __future__ import annotations

import gzip
import io
import logging
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import numpy as np
import pydicom
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from backend.db.base import Base
from backend.db.session import session_scope
from backend.models import Annotation, PatientIdentity, Study
from tests.backend.helpers import nifti_bytes, publish_round, submit
from tests.conftest import login
from tests.deid.marked_study import MARKER, MARKER_DATE

IDENTITY_ROUTE = "/api/projects/{project_id}/patients/{patient_id}/identity"
FORBIDDEN = (MARKER.encode(), MARKER_DATE.encode(), b"Chrisjen", b"Avasarala", b"PGBM-002")
ROLES = ("admin", "lead", "radiologist")


def _payloads(raw: bytes) -> Iterator[tuple[str, bytes]]:
    """The body, and what it holds when it is a gzip or a zip (members gunzipped too)."""
    yield "body", raw
    if raw[:2] == b"\x1f\x8b":
        yield "gunzipped", gzip.decompress(raw)
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name in archive.namelist():
                yield f"member {name} (name)", name.encode()
                data = archive.read(name)
                yield f"member {name}", data
                if data[:2] == b"\x1f\x8b":
                    yield f"member {name} (gunzipped)", gzip.decompress(data)


def _dicom_elements_with(payload: bytes, needle: bytes) -> list[str]:
    """For a DICOM body: which attributes hold the needle (a readable failure message)."""
    if payload[128:132] != b"DICM":
        return []
    ds = pydicom.dcmread(io.BytesIO(payload))
    elements = [*ds.file_meta, *ds.iterall()]
    return [e.keyword or str(e.tag) for e in elements if e.VR != "SQ" and needle.decode() in str(e.value)]


def leaks(response: Response) -> list[str]:
    found = []
    for where, payload in _payloads(response.content):
        for needle in FORBIDDEN:
            if needle in payload:
                found.append(f"{needle.decode()} in {where} {_dicom_elements_with(payload, needle)}")
    for name, value in response.headers.items():
        if any(needle.decode() in value for needle in FORBIDDEN):
            found.append(f"header {name}")
    return found


def _schema_enum(spec: dict[str, Any], schema: dict[str, Any]) -> list[Any]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for option in schema.get("anyOf", []):
        found = _schema_enum(spec, option)
        if found:
            return found
    return list(schema.get("enum", []))


def _requests(spec: dict[str, Any], path: str, values: dict[str, str]) -> Iterator[str]:
    """One URL per value of every enumerated query parameter (the export's formats...), with the ids we know."""
    operation = spec["paths"][path]["get"]
    url = path
    query: dict[str, str] = {}
    choices: list[tuple[str, list[Any]]] = []
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            url = url.replace("{" + name + "}", values.get(name, str(uuid.uuid4())))
        elif parameter["in"] == "query":
            enum = _schema_enum(spec, parameter.get("schema", {}))
            if enum:
                choices.append((name, enum))
            elif parameter.get("required"):
                query[name] = values.get(name, "1")
    yield url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    for name, enum in choices:
        for value in enum:
            yield url + "?" + "&".join(f"{k}={v}" for k, v in {**query, name: value}.items())


def rows_with_marker() -> list[str]:
    """Every row of every table holding the marker, outside the identity map (its purpose)."""
    found = []
    with session_scope() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == PatientIdentity.__tablename__:
                continue
            for row in session.execute(select(table)).all():
                if any(needle.decode() in repr(tuple(row)) for needle in FORBIDDEN):
                    found.append(f"{table.name}: {row}")
    return found


def log_leaks(records: list[logging.LogRecord]) -> list[str]:
    """Log records (message and every attribute, extras included) that hold the marker."""
    logged = [f"{r.name}: {r.getMessage()} {vars(r)}" for r in records]
    return [line for line in logged if any(needle.decode() in line for needle in FORBIDDEN)]


def read_and_walk(
    client: TestClient, project_id: str, patient: dict[str, Any], skip: frozenset[str] = frozenset(), **ids: str
) -> dict[str, int]:
    """A round offers ``patient``, the radiologist submits a mask (so queue, annotations, export and SEG all carry
    it), then every GET route is called as admin, lead and radiologist with the ids of that patient; fails on any
    marker in what comes back. ``skip``: paths not walked (each with its reason at the caller). Returns the
    status of each request made."""
    patient_id = patient["id"]
    headers = {role: login(client, role) for role in ROLES}
    round_id = publish_round(project_id, [patient_id])
    mask = np.zeros(patient["shape"], dtype=np.uint8)
    mask[10:20, 10:20, 5:10] = 1
    response = submit(client, patient_id, headers["radiologist"], nifti_bytes(mask))
    assert response.status_code in (200, 201), response.text
    with session_scope() as session:
        annotation_id = session.scalar(select(Annotation.id).where(Annotation.patient_id == uuid.UUID(patient_id)))
        study_uid = session.scalar(select(Study.study_uid).where(Study.patient_id == uuid.UUID(patient_id)))
    me = client.get("/api/auth/me", headers=headers["lead"]).json()
    values = {
        "project_id": project_id,
        "patient_id": patient_id,
        "round_id": round_id,
        "annotation_id": str(annotation_id),
        "user_id": me["id"],
        "study_uid": str(study_uid),
        **ids,
    }
    spec = client.get("/openapi.json").json()
    checked: dict[str, int] = {}
    found: list[str] = []
    for path, operations in spec["paths"].items():
        if "get" not in operations or path in skip or path == IDENTITY_ROUTE:  # the identity route: tested apart
            continue
        for url in _requests(spec, path, values):
            for role in ROLES:
                response = client.get(url, headers=headers[role])
                assert response.status_code < 500, f"{url} as {role}: {response.status_code} {response.text[:200]}"
                checked[f"{url} {role}"] = response.status_code
                found += [f"GET {url} as {role}: {leak}" for leak in leaks(response)]
    assert found == []
    assert len(checked) > 100
    # The walk really saw the patient: its page, image, annotation, queue entry, export and SEG answered 200.
    for url in (
        f"/api/patients/{patient_id} lead",
        f"/api/patients/{patient_id}/volume radiologist",
        f"/api/annotations/{annotation_id}/mask lead",
        "/api/queue radiologist",
        f"/api/projects/{project_id}/export lead",
        f"/api/projects/{project_id}/patients/{patient_id}/seg lead",  # the de-identified DICOM SEG
    ):
        assert checked[url] == 200, url
    export = client.get(f"/api/projects/{project_id}/export", headers=headers["lead"])
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert any(patient["external_id"] in name for name in archive.namelist())
    return checked
