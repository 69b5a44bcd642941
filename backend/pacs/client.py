"""A DICOMweb client for a project's PACS connection, and what its failures mean to a person.

Every DICOMweb call goes through ``dicomweb_client`` (QIDO-RS, WADO-RS, STOW-RS): no hand-written HTTP. The client
gets the connection's credentials (basic auth or a bearer token, decrypted only here and only in memory), timeouts
and a retry policy for transient answers (timeouts, connection resets, 408/429/5xx) with exponential back-off.

A PACS that cannot be used (unreachable, refusing the credentials, not a DICOMweb service) is reported as
``PacsUnavailable`` (HTTP 422, see ``backend.pacs.errors``) naming the reason.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import requests
import retrying
from dicomweb_client import DICOMwebClient

from backend.models.pacs import PacsAuth, PacsConnection
from backend.pacs.errors import PacsUnavailable
from backend.pacs.secrets import decrypt_secret

log = logging.getLogger(__name__)
# dicomweb_client logs every request URL at DEBUG, search filters (a PatientID) included: never into our logs.
logging.getLogger("dicomweb_client").setLevel(logging.WARNING)

T = TypeVar("T")

# (connect, read) seconds. Background imports wait longer for a slow archive than a lead's search does.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 120.0)
INTERACTIVE_TIMEOUT: tuple[float, float] = (5.0, 30.0)
DEFAULT_ATTEMPTS = 3
# dicomweb_client waits multiplier × 2^attempt ms between attempts: 0.5 s, 1 s, 2 s...
BACKOFF_MULTIPLIER_MS = 250
TRANSIENT_STATUSES: tuple[HTTPStatus, ...] = (
    HTTPStatus.REQUEST_TIMEOUT,
    HTTPStatus.TOO_MANY_REQUESTS,
    HTTPStatus.INTERNAL_SERVER_ERROR,
    HTTPStatus.BAD_GATEWAY,
    HTTPStatus.SERVICE_UNAVAILABLE,
    HTTPStatus.GATEWAY_TIMEOUT,
)


class _QidoSession(requests.Session):
    """Sends QIDO-RS wildcards literally: ``dicomweb_client`` percent-encodes ``*`` and ``?`` in query values, and
    Orthanc before 1.12 does not decode its query arguments, so ``*Brain*`` arrived as the literal ``%2ABrain%2A``
    and matched nothing. RFC 3986 allows both characters unencoded in a query, so every server reads them the same."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = request.url or ""
        path, mark, query = url.partition("?")
        if mark:
            request.url = path + mark + query.replace("%2A", "*").replace("%3F", "?")
        return super().send(request, **kwargs)


def open_client(
    connection: PacsConnection,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    attempts: int = DEFAULT_ATTEMPTS,
) -> DICOMwebClient:
    """A DICOMweb client for ``connection`` with its credentials, ``timeout`` and up to ``attempts`` tries per
    request (transient failures only are worth a retry, but ``dicomweb_client`` retries every exception; a
    permanent one just fails ``attempts`` times, quickly)."""
    session = _QidoSession()
    session.headers["User-Agent"] = "Radloop (dicomweb-client)"
    secret = decrypt_secret(connection.secret_ciphertext) if connection.secret_ciphertext else ""
    if connection.auth == PacsAuth.basic:
        session.auth = (connection.username or "", secret)
    elif connection.auth == PacsAuth.bearer:
        session.headers["Authorization"] = f"Bearer {secret}"
    try:
        client = DICOMwebClient(url=connection.base_url, session=session, timeout=timeout)
    except ValueError as exc:
        raise PacsUnavailable(f"The PACS URL {connection.base_url!r} cannot be used: {exc}") from None
    client.set_http_retry_params(
        retry=attempts > 1,
        max_attempts=max(1, attempts),
        wait_exponential_multiplier=BACKOFF_MULTIPLIER_MS,
        retriable_error_codes=TRANSIENT_STATUSES,
    )
    return client


def status_of(exc: BaseException) -> int | None:
    if isinstance(exc, retrying.RetryError):  # the last of the attempts still answered a retriable status
        response = exc.last_attempt.value
        return response.status_code if isinstance(response, requests.Response) else None
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return exc.response.status_code
    return None


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        return "the TLS handshake failed (check the certificate, or http:// versus https://)"
    if "NameResolutionError" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return "its host name does not resolve"
    if "Connection refused" in text or f"[Errno {errno.ECONNREFUSED}]" in text:
        return "the connection was refused (nothing listens at that address and port)"
    return "the connection failed"


def reason(exc: BaseException) -> str:
    """Why a DICOMweb call failed, for a person (never the URL's query, the credentials or a stack trace)."""
    status = status_of(exc)
    if status is not None:
        if status == HTTPStatus.UNAUTHORIZED:
            return "it refused the credentials (HTTP 401): check the user name and password or token"
        if status == HTTPStatus.FORBIDDEN:
            return "it refused access (HTTP 403): the account may not query or retrieve"
        if status == HTTPStatus.NOT_FOUND:
            return "it answered 404 Not Found: is the URL the DICOMweb root (e.g. https://pacs/dicom-web)?"
        return f"it answered HTTP {status}"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connecting to it timed out"
    if isinstance(exc, requests.Timeout):
        return "it did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return _connection_reason(exc)
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return "the URL is not valid"
    if isinstance(exc, ValueError):  # JSON that does not parse, a multipart answer that is not DICOM
        return "its answer was not DICOMweb (is the URL the DICOMweb root?)"
    return f"the request failed ({type(exc).__name__})"


def is_transient(exc: BaseException) -> bool:
    """Worth trying again later: timeouts, dropped connections and 408/429/5xx, not refusals or bad data."""
    status = status_of(exc)
    if status is not None:
        return status in TRANSIENT_STATUSES
    transient = requests.Timeout | requests.ConnectionError | requests.exceptions.ChunkedEncodingError
    return isinstance(exc, transient) and not isinstance(exc, requests.exceptions.SSLError)


def failure(connection: PacsConnection, exc: BaseException) -> PacsUnavailable:
    return PacsUnavailable(f"The PACS at {connection.base_url} could not be used: {reason(exc)}")


PACS_ERRORS: tuple[type[BaseException], ...] = (requests.RequestException, retrying.RetryError, ValueError)


def calling(connection: PacsConnection, call: Callable[[], T]) -> T:
    """Run one DICOMweb call; a failure becomes ``PacsUnavailable`` (422) naming the reason."""
    try:
        return call()
    except PACS_ERRORS as exc:
        log.info("pacs.call.failed connection=%s reason=%s", connection.id, reason(exc))
        raise failure(connection, exc) from None
