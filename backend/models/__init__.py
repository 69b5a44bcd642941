"""All ORM models, imported here so Alembic and the worker see the whole schema."""

from backend.models.annotation import Annotation
from backend.models.audit import AuditEvent
from backend.models.budget import LedgerEntry
from backend.models.job import Job
from backend.models.model_version import ModelVersion
from backend.models.patient import Patient, Study, Volume
from backend.models.project import Project, ProjectMember
from backend.models.reference_label import ReferenceLabel
from backend.models.reservation import Reservation
from backend.models.round import Prediction, Round, Score
from backend.models.user import User

__all__ = [
    "Annotation",
    "AuditEvent",
    "Job",
    "LedgerEntry",
    "ModelVersion",
    "Patient",
    "Prediction",
    "Project",
    "ProjectMember",
    "ReferenceLabel",
    "Reservation",
    "Round",
    "Score",
    "Study",
    "User",
    "Volume",
]

from backend.models.workstation import Draft, Skip  # noqa: E402

__all__ += ["Draft", "Skip"]

from backend.models.session import AuthSession, LoginFailure  # noqa: E402

__all__ += ["AuthSession", "LoginFailure"]

from backend.models.pacs import PacsConnection, PacsImportedSeries, PatientIdentity, SegDelivery  # noqa: E402

__all__ += ["PacsConnection", "PacsImportedSeries", "PatientIdentity", "SegDelivery"]

from backend.models.review import CaseReview, ReadAgreement  # noqa: E402

__all__ += ["CaseReview", "ReadAgreement"]
