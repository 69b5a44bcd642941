"""Serve stored patient data with strong ETags (the content hash), and audit every read.

Every blob served here is a patient's data (image, mask, prediction, uncertainty, draft), so the one function that
sends it also records who received it: a download cannot be added without its audit event.

A blob is a NIfTI file, stored gzipped. By default it is sent as that file (``application/gzip``). A client that
asks for ``Accept: application/x-nifti`` gets the same bytes as the NIfTI itself with ``Content-Encoding: gzip``:
a browser then inflates it natively while it downloads (the viewer's large volumes: seconds of main-thread
decompression saved), and the ETag differs so neither representation validates the other.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.storage import blobs

NIFTI_MEDIA_TYPE = "application/x-nifti"
_GZIP_MAGIC = b"\x1f\x8b"


def wants_nifti(request: Request) -> bool:
    """The client asked for the NIfTI itself, content-encoded (see the module docstring)."""
    return NIFTI_MEDIA_TYPE in request.headers.get("accept", "").lower()


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
    nifti = wants_nifti(request)
    etag = f'"{sha256}{"-nii" if nifti else ""}"' if sha256 else None
    headers = {"Cache-Control": "private, max-age=0, must-revalidate", "Vary": "Accept"}
    if etag:
        headers["ETag"] = etag
    if etag and request.headers.get("if-none-match") == etag:
        response = Response(status_code=304, headers=headers)
    else:
        content = blobs.read_bytes(key)
        media_type = "application/gzip"
        if nifti:
            media_type = NIFTI_MEDIA_TYPE
            filename = filename.removesuffix(".gz")
            if content[:2] == _GZIP_MAGIC:
                headers["Content-Encoding"] = "gzip"
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
        response = Response(content=content, media_type=media_type, headers=headers)
    audit.record_read(
        session, user_id=user_id, action=action, patient_id=patient_id, status=response.status_code, details=details
    )
    return response
