"""The PACS API's shapes. Search results carry real patient identifiers: their routes are for leads and admins only.
The connection's password or token is write-only: ``PacsConnectionWrite.secret`` goes in, ``has_secret`` comes out.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Self
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, NonNegativeInt, Strict, model_validator

from backend.core.types import Parsed, SafeText, Stored, StrictModel
from backend.jobs.status import JobStatus
from backend.models.pacs import PacsAuth
from backend.models.patient import Split

# A DICOM UID: dot-separated numbers, at most 64 characters (PS3.5 9.1).
UID_PATTERN = r"^[0-9]+(\.[0-9]+)*$"
Uid = Annotated[str, Strict(), Field(min_length=1, max_length=64, pattern=UID_PATTERN)]

MAX_STUDIES_PER_IMPORT = 500
MAX_SERIES_PER_STUDY = 1000


def _dicomweb_url(value: str) -> str:
    """An http(s) URL with a host and no credentials, query or fragment; the trailing slash is dropped."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host, e.g. https://pacs.example.org/dicom-web")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not contain a user name or password: give them as username and secret")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query (?...) or a fragment (#...): give the DICOMweb root")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port outside 0..65535
    except ValueError:
        raise ValueError("has an invalid port") from None
    if re.search(r"\s", value):
        raise ValueError("must not contain spaces")
    return value.rstrip("/")


DicomwebUrl = Annotated[SafeText, Field(min_length=8, max_length=1024), AfterValidator(_dicomweb_url)]


class PacsConnectionWrite(StrictModel):
    """Create or replace the project's DICOMweb connection.

    ``secret`` (the basic-auth password or the bearer token) is write-only; omit it to keep the stored one (when the
    kind of authentication stays the same). ``auth: none`` forgets any stored secret.
    """

    base_url: DicomwebUrl = Field(description="The DICOMweb root, e.g. https://pacs.example.org/dicom-web")
    auth: Parsed[PacsAuth] = PacsAuth.none
    username: Annotated[SafeText, Field(min_length=1, max_length=256)] | None = None
    secret: Annotated[SafeText, Field(min_length=1, max_length=4096)] | None = Field(
        default=None,
        description="Password (basic) or token (bearer); never returned",
        json_schema_extra={"writeOnly": True},
    )
    send_on_accept: bool | None = Field(
        default=None, description="Store a DICOM SEG in the PACS when a label is accepted (omitted: unchanged)"
    )

    @model_validator(mode="after")
    def _auth_fields(self) -> Self:
        if self.auth == PacsAuth.none and (self.username is not None or self.secret is not None):
            raise ValueError("auth 'none' takes neither a username nor a secret")
        if self.auth == PacsAuth.bearer and self.username is not None:
            raise ValueError("auth 'bearer' takes a token as secret and no username")
        if self.auth == PacsAuth.basic and self.username is None:
            raise ValueError("auth 'basic' needs a username")
        return self


class PacsConnectionRead(BaseModel):
    base_url: str
    auth: Stored[PacsAuth]
    username: str | None
    # Whether a password or token is stored; the secret itself never leaves the server.
    has_secret: bool
    send_on_accept: bool


class PacsVerifyRead(BaseModel):
    """Whether the PACS answered a QIDO-RS query with these settings, and if not, why."""

    ok: bool
    detail: str


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    """A query date is written YYYY-MM-DD; lax parsing would read ``1700000000`` as a timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, Strict(False), BeforeValidator(_iso_date_only)]


class PacsStudy(BaseModel):
    """One study found by QIDO-RS, with the real identifiers the PACS holds (leads and admins only)."""

    study_uid: str
    patient_id: str
    patient_name: str
    accession: str
    study_date: date | None
    description: str
    modalities: list[str]
    series_count: NonNegativeInt | None
    instance_count: NonNegativeInt | None
    # Some series of this study are already in the project (imported from a PACS or uploaded).
    imported: bool


class PacsSeries(BaseModel):
    series_uid: str
    modality: str
    description: str
    number: int | None
    instance_count: NonNegativeInt | None
    # Already in the project: an import skips it.
    imported: bool


class PacsImportStudy(StrictModel):
    study_uid: Uid
    # Only these series of the study; omitted: every image series of the study (and its mask/SEG series).
    series_uids: Annotated[list[Uid], Field(min_length=1, max_length=MAX_SERIES_PER_STUDY)] | None = None


class PacsImportCreate(StrictModel):
    studies: Annotated[list[PacsImportStudy], Field(min_length=1, max_length=MAX_STUDIES_PER_IMPORT)]
    split: Parsed[Split] = Split.pool


class ImportedPatient(BaseModel):
    patient_id: uuid.UUID
    # The project's name for the patient: a pseudonym when the project de-identifies.
    external_id: str
    series: NonNegativeInt
    instances: NonNegativeInt


class ImportFailure(BaseModel):
    """A patient whose studies could not be imported; the job carried on with the others."""

    study_uids: list[str]
    detail: str


class PacsImportResult(BaseModel):
    patients: list[ImportedPatient]
    imported_series: NonNegativeInt
    imported_instances: NonNegativeInt
    # Already in the project when the job reached them (an earlier import, or an earlier attempt of this job).
    skipped_series: NonNegativeInt
    failed: list[ImportFailure]
    seconds: float
    instances_per_s: float


class PacsImportRead(BaseModel):
    """A PACS import job: its status and progress (``stage``, ``done_instances``/``total_instances``, ``percent``)."""

    id: uuid.UUID
    status: Stored[JobStatus]
    progress: dict[str, Any]
    studies: NonNegativeInt
    series: NonNegativeInt
    instances: NonNegativeInt
    attempts: NonNegativeInt
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    result: PacsImportResult | None
