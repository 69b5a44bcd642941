"""The OpenAPI document as the API really behaves, so a generated client (or Schemathesis) can rely on it.

FastAPI documents only the success response and its own validation error list, which this API never sends. This
module rewrites the generated document once: every error is the one ``ErrorBody`` shape, each operation lists the
error statuses it can answer with, and the operations that need a login carry the bearer / cookie security schemes.
What an operation needs is read from the routes themselves (their dependencies, parameters and body), not from a
hand-kept list that would drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Response
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from backend.core.errors import ErrorBody

BEARER_SCHEME = "bearerAuth"
COOKIE_SCHEME = "sessionCookie"

# The statuses ``RadloopError`` subclasses and the handlers in ``backend.main`` answer with, and when each applies.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse)",
    401: "Not logged in, or the session is no longer valid",
    403: "Logged in, but this role or account may not do this (or is not a member of the project)",
    404: "The resource does not exist",
    409: "Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status)",
    413: "The upload is larger than the configured limits",
    422: "A parameter or a field of the body is missing or has the wrong type or value",
    429: "Too many attempts; retry after the number of seconds in the Retry-After header",
}


class GzipResponse(Response):
    """Documents an endpoint that answers with a stored gzipped NIfTI blob (``blob_response``)."""

    media_type = "application/gzip"


class ZipResponse(Response):
    """Documents an endpoint that answers with a zip archive."""

    media_type = "application/zip"


# Blob downloads answer 304 to a matching If-None-Match (their ETag is the content hash), and send the NIfTI itself,
# content-encoded, to a client that accepts application/x-nifti (backend.storage.responses).
BLOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with "
        "`Content-Encoding: gzip` (an HTTP client inflates it)",
        "content": {"application/gzip": {}, "application/x-nifti": {}},
    },
    304: {"description": "Not modified: If-None-Match matched the blob's ETag"},
}


def api_routes(app: FastAPI) -> Iterator[RouteContext]:
    """Every API route of the app with its effective path and dependencies (FastAPI nests included routers)."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def _calls(dependant: Dependant) -> set[Any]:
    found = set()
    for sub in dependant.dependencies:
        found.add(sub.call)
        found |= _calls(sub)
    return found


def _error_statuses(route: RouteContext, method: str, needs_login: bool, role_checked: bool) -> set[int]:
    dependant = route.dependant
    has_path = bool(dependant.path_params)
    has_input = has_path or bool(dependant.query_params or dependant.body_params)
    statuses: set[int] = set()
    if needs_login:
        statuses.add(401)
        # Role checks, and project membership behind every project-scoped id.
        if role_checked or has_path:
            statuses.add(403)
    if has_path:
        statuses.add(404)
    if has_input:
        statuses |= {400, 422}
    if method != "get":
        statuses.add(409)
    if dependant.body_params:
        statuses.add(413)  # backend.core.limits caps every request body, JSON included
    return statuses


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the generator of the corrected document (cached like FastAPI's)."""
    from backend.deps import current_user

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        schemas["ErrorBody"] = ErrorBody.model_json_schema()
        components["securitySchemes"] = {
            BEARER_SCHEME: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            COOKIE_SCHEME: {"type": "apiKey", "in": "cookie", "name": "radloop_session"},
        }
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for route in api_routes(app):
            if not route.include_in_schema:
                continue
            calls = _calls(route.dependant)
            needs_login = current_user in calls
            # ``require_role`` builds one checker per role set; each is named ``check`` inside backend.deps.
            role_checked = any(getattr(c, "__qualname__", "").startswith("require_role.") for c in calls)
            for method in route.methods or ():
                operation = schema["paths"][route.path_format].get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                statuses = _error_statuses(route, method.lower(), needs_login, role_checked)
                if route.path_format == "/api/auth/login":
                    statuses |= {401, 429}
                statuses |= {int(code) for code in responses if str(code).isdigit() and int(code) >= 400}
                for status in sorted(statuses):
                    entry = responses.setdefault(str(status), {})
                    if entry.get("description") in (None, "", "Validation Error"):
                        entry["description"] = ERROR_DESCRIPTIONS.get(status, "Error")
                    entry["content"] = error_content
                operation["responses"] = dict(sorted(responses.items()))
                if needs_login:
                    operation["security"] = [{BEARER_SCHEME: []}, {COOKIE_SCHEME: []}]
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
