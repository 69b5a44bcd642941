"""Serve stored patient data with strong ETags (the content hash), and audit every read.

Every blob served here is a patient's data (image, mask, prediction, uncertainty, draft), so the one function that
sends it also records who received it: a download cannot be added without its audit event.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.storage import blobs


def blob_response(
    request: Request,
    session: Session,
    *,
    key: str,
    sha256: str | None,
    filename: str,
    user_id: uuid.UUID,
    patient_id: uuid.UUID,
    action: str,
    details: dict[str, Any],
) -> Response:
    """The blob under ``key`` (or 304 when the viewer holds it), recorded as ``action`` (see ``audit.record_read``)."""
    etag = f'"{sha256}"' if sha256 else None
    headers = {"Cache-Control": "private, max-age=0, must-revalidate"}
    if etag:
        headers["ETag"] = etag
    if etag and request.headers.get("if-none-match") == etag:
        response = Response(status_code=304, headers=headers)
    else:
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
        response = Response(content=blobs.read_bytes(key), media_type="application/gzip", headers=headers)
    audit.record_read(
        session, user_id=user_id, action=action, patient_id=patient_id, status=response.status_code, details=details
    )
    return response
