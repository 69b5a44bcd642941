"""FastAPI application: API routes, the error handlers (one error shape), and the built frontend."""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend import api_docs
from backend.api import api_router
from backend.core.config import ConfigurationError, Environment, get_settings
from backend.core.errors import RadloopError, ServiceBusy
from backend.core.limits import BodyLimitMiddleware
from backend.core.logging import configure_logging
from backend.core.openapi import api_routes, install_openapi
from backend.core.security_headers import SecurityHeadersMiddleware

log = logging.getLogger("backend")


# Starlette's own errors (a malformed multipart body is its 400) carry the names the domain errors use.
_ERROR_NAMES = {error.status_code: error.__name__ for error in RadloopError.__subclasses__()}


def _describe(errors: Sequence[Any]) -> str:
    """One readable line per invalid field, e.g. ``password: Field required``."""
    parts = []
    for error in errors:
        if error.get("type") == "json_invalid":
            # FastAPI reports an unparsable body as a validation error located at the character offset.
            parts.append(f"body: not valid JSON ({error.get('ctx', {}).get('error', 'parse error')})")
            continue
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in {"body", "query", "path"})
        where = location or next((str(p) for p in error.get("loc", ())), "request")  # e.g. the body as a whole
        parts.append(f"{where}: {error.get('msg')}")
    return "; ".join(parts)


def create_app() -> FastAPI:
    configure_logging()
    settings = get_settings()
    app = FastAPI(title="Radloop", version="0.1.0", **api_docs.fastapi_urls(settings))
    production = settings.env == Environment.production
    app.add_middleware(BodyLimitMiddleware)  # inside the security headers, so a 413 carries them too
    app.add_middleware(SecurityHeadersMiddleware, production=production, docs_paths=api_docs.docs_paths())

    @app.exception_handler(RadloopError)
    async def radloop_error(request: Request, exc: RadloopError) -> JSONResponse:
        # The detail is for the caller, who may see the patient's name; the log keeps ids only (the path's uuids).
        log.info("request.rejected path=%s status=%s error=%s", request.url.path, exc.status_code, exc.name)
        return JSONResponse(
            {"error": exc.name, "detail": exc.detail}, status_code=exc.status_code, headers=exc.headers or None
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _describe(exc.errors())
        log.info("request.invalid path=%s detail=%s", request.url.path, detail)
        if any(error.get("type") == "json_invalid" for error in exc.errors()):
            return JSONResponse({"error": "BadInput", "detail": detail}, status_code=400)
        return JSONResponse({"error": "ValidationError", "detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Starlette's own errors (no route for this method, ...) in the one error shape."""
        status = exc.status_code
        if status == 405 and request.url.path.startswith("/api/") and not _api_methods(app, request.url.path):
            # The single-page app's GET fallback matches every path, so an unknown API path would read "405".
            status = 404
            detail = f"No API route {request.url.path}"
        else:
            detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
        name = _ERROR_NAMES.get(status) or HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
        headers = None if status == 404 else exc.headers
        return JSONResponse({"error": name, "detail": detail}, status_code=status, headers=headers)

    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, exc: PoolTimeout) -> JSONResponse:
        """Overload, not a bug: no connection came free within ``DB_POOL_TIMEOUT_S``; the transaction never began."""
        log.warning("request.busy path=%s (database pool exhausted)", request.url.path)
        return await radloop_error(request, ServiceBusy("The server is busy; retry in a few seconds"))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        """A bug: logged with its traceback, answered in the one error shape without internals."""
        log.exception("request.failed path=%s", request.url.path)
        return JSONResponse({"error": "InternalError", "detail": "Internal server error"}, status_code=500)

    app.include_router(api_router)
    if not settings.api_docs_public:
        app.include_router(api_docs.private_router)
    _mount_frontend(app, Path(settings.frontend_dist))
    install_openapi(app)
    return app


def _api_methods(app: FastAPI, path: str) -> set[str]:
    """The methods the API routes of this path answer (none: no such API path; the SPA fallback does not count)."""
    return {
        method
        for route in api_routes(app)
        if (route.path or "").startswith("/api/") and route.path_regex.match(path)
        for method in route.methods or ()
    }


def _mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve the built single-page app; any non-API path falls back to index.html for client routing."""
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str) -> Response:
        if path.startswith("api/") or path == "api":
            if allowed := _api_methods(app, f"/{path}"):
                return JSONResponse(
                    {"error": "MethodNotAllowed", "detail": f"GET is not allowed on /{path}"},
                    status_code=405,
                    headers={"Allow": ", ".join(sorted(allowed))},
                )
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


def _settle_heap() -> None:
    """Put what the imports built out of the garbage collector's reach.

    A full collection walks every tracked object, and the imports (SQLAlchemy, pydantic, numpy, scipy, the routes)
    leave 290,000 of them that live as long as the process: under load each full pass paused a worker for 120-220
    ms, the whole tail of the queue's latency at 100,000 patients (issue 16). Frozen objects are still freed when
    nothing refers to them; only a reference cycle among them would now outlive its use. Collected first, so the
    imports' own garbage is not kept."""
    gc.collect()
    gc.freeze()


try:
    app = create_app()
except ConfigurationError as error:
    # One line that says what to fix, not a traceback; uvicorn (and `python -m backend...`) then exit with status 1.
    raise SystemExit(f"Radloop refuses to start: {error}") from None
_settle_heap()
