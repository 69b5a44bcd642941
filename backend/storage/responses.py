"""Serve stored blobs with strong ETags (the content hash), so viewers re-use what they already have."""

from __future__ import annotations

from fastapi import Request, Response

from backend.storage import blobs


def blob_response(request: Request, *, key: str, sha256: str | None, filename: str) -> Response:
    etag = f'"{sha256}"' if sha256 else None
    headers = {"Cache-Control": "private, max-age=0, must-revalidate"}
    if etag:
        headers["ETag"] = etag
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(content=blobs.read_bytes(key), media_type="application/gzip", headers=headers)
