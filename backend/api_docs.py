"""Where the API description is served, by environment (settings.api_docs_public).

Public (development, or API_DOCS_PUBLIC=true): FastAPI's own /openapi.json, /docs and /redoc. Swagger UI and ReDoc
load their bundles from a CDN, so they get their own Content-Security-Policy (backend/core/security_headers.py) and
do not work on an offline hospital network anyway.

Not public (production default): no Swagger UI or ReDoc, and /openapi.json only for a logged-in user, so an
integrator with an account can still generate a client while an anonymous scanner learns no routes.
"""

from __future__ import annotations

from typing import Any, TypedDict

from fastapi import APIRouter, Request

from backend.core.config import Settings
from backend.core.errors import NotFound
from backend.deps import CurrentUser

OPENAPI_URL = "/openapi.json"
DOCS_URL = "/docs"
REDOC_URL = "/redoc"

private_router = APIRouter(include_in_schema=False)


class DocsUrls(TypedDict):
    openapi_url: str | None
    docs_url: str | None
    redoc_url: str | None


def fastapi_urls(settings: Settings) -> DocsUrls:
    """FastAPI's own documentation routes, or none of them (private_router then takes over)."""
    public = settings.api_docs_public
    return DocsUrls(
        openapi_url=OPENAPI_URL if public else None,
        docs_url=DOCS_URL if public else None,
        redoc_url=REDOC_URL if public else None,
    )


def docs_paths() -> tuple[str, ...]:
    """The pages that run under the documentation CSP (Swagger UI's OAuth redirect page included)."""
    return DOCS_URL, f"{DOCS_URL}/oauth2-redirect", REDOC_URL


@private_router.get(OPENAPI_URL)
def openapi_for_users(request: Request, _user: CurrentUser) -> dict[str, Any]:
    return request.app.openapi()  # type: ignore[no-any-return]


@private_router.get(DOCS_URL)
@private_router.get(REDOC_URL)
def docs_are_off() -> None:
    """Answered here rather than by the single-page app's fallback, so an operator learns why."""
    raise NotFound(
        f"The interactive API docs are off in production (set API_DOCS_PUBLIC=true to serve them); "
        f"{OPENAPI_URL} is served to logged-in users"
    )
