"""FastAPI application: API routes, one error handler, and the built frontend."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from backend.api import api_router
from backend.core.config import get_settings
from backend.core.errors import RadloopError
from backend.core.logging import configure_logging

log = logging.getLogger("backend")


def _describe(errors: Sequence[Any]) -> str:
    """One readable line per invalid field, e.g. ``password: Field required``."""
    parts = []
    for error in errors:
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in {"body", "query", "path"})
        parts.append(f"{location or 'request'}: {error.get('msg')}")
    return "; ".join(parts)


def create_app() -> FastAPI:
    configure_logging()
    settings = get_settings()
    app = FastAPI(title="Radloop", version="0.1.0", openapi_url="/openapi.json", docs_url="/docs")

    @app.exception_handler(RadloopError)
    async def radloop_error(request: Request, exc: RadloopError) -> JSONResponse:
        log.info(
            "request.rejected path=%s status=%s error=%s detail=%s",
            request.url.path,
            exc.status_code,
            exc.name,
            exc.detail,
        )
        return JSONResponse({"error": exc.name, "detail": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _describe(exc.errors())
        log.info("request.invalid path=%s detail=%s", request.url.path, detail)
        return JSONResponse({"error": "ValidationError", "detail": detail}, status_code=422)

    app.include_router(api_router)
    _mount_frontend(app, Path(settings.frontend_dist))
    return app


def _mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve the built single-page app; any non-API path falls back to index.html for client routing."""
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str) -> Response:
        if path.startswith("api/") or path == "api":
            return JSONResponse({"error": "NotFound", "detail": f"No API route /{path}"}, status_code=404)
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index)
        return JSONResponse(
            {"error": "NotFound", "detail": "Frontend not built; run `make build` (API is under /api)"},
            status_code=404,
        )


app = create_app()
