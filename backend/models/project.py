from __future__ import annotations

import secrets
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Float, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class CostMode(StrEnum):
    """How a patient is priced: ``flat`` the base cost; ``volume`` the base plus a price per slice of the primary
    volume; ``reading_time`` the base plus an hourly rate times the minutes the reading-time model predicts."""

    flat = "flat"
    volume = "volume"
    reading_time = "reading_time"


class SelectionObjective(StrEnum):
    """How a round picks its batch within the remaining budget: by score, or by score per unit of cost."""

    score = "score"
    value_per_cost = "value_per_cost"


class DoubleReadRule(StrEnum):
    """Which read cases get a second, independent reader (``backend/review/double_read.py``)."""

    random = "random"  # a fixed pseudo-random draw per case
    disagreement = "disagreement"  # the first reads furthest from the model's prediction
    uncertainty = "uncertainty"  # the cases the round ranked most uncertain


class ConsensusMethod(StrEnum):
    """How the reads of a double-read case are combined into the mask proposed to the reviewer."""

    staple = "staple"  # SimpleITK's multi-label STAPLE
    majority = "majority"  # label voting; voxels without a majority stay background


class Currency(StrEnum):
    """ISO 4217 codes a project's money may be kept in: the common ones, so a typo is refused instead of stored.
    Amounts stay in hundredths of the unit whatever the currency (the browser formats them with its own digits)."""

    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"
    CHF = "CHF"
    SEK = "SEK"
    NOK = "NOK"
    DKK = "DKK"
    PLN = "PLN"
    CZK = "CZK"
    HUF = "HUF"
    RON = "RON"
    TRY = "TRY"
    CAD = "CAD"
    AUD = "AUD"
    NZD = "NZD"
    JPY = "JPY"
    CNY = "CNY"
    KRW = "KRW"
    INR = "INR"
    SGD = "SGD"
    HKD = "HKD"
    BRL = "BRL"
    MXN = "MXN"
    ZAR = "ZAR"
    ILS = "ILS"
    AED = "AED"
    SAR = "SAR"


DEFAULT_CURRENCY = Currency.EUR


class Project(IdMixin, CreatedMixin, Base):
    """A labelling project. Money is kept in integer cents so budget arithmetic is exact."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("budget_spent_cents >= 0", name="spent_non_negative"),
        CheckConstraint("budget_spent_cents <= budget_total_cents", name="spent_within_total"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    modality: Mapped[str] = mapped_column(String(16))
    labels: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    cost_per_patient_cents: Mapped[int] = mapped_column(BigInteger, default=100)
    # The ISO 4217 code every amount of the project (costs, budget, ledger) is in; display only, no conversion.
    currency: Mapped[str] = mapped_column(
        String(3), default=DEFAULT_CURRENCY.value, server_default=text(f"'{DEFAULT_CURRENCY.value}'")
    )
    # "flat": every patient costs cost_per_patient_cents; "volume": that base plus cost_per_slice_cents for each
    # slice of the patient's primary volume (reading effort grows with the number of slices); "reading_time": below.
    cost_mode: Mapped[str] = mapped_column(String(16), default="flat", server_default=text("'flat'"))
    cost_per_slice_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    # "reading_time": that base plus this hourly rate times the minutes the project's reading-time model predicts.
    cost_per_hour_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    # How the worker picks a round's batch: "score" (most informative first) or "value_per_cost" (score per cost).
    selection_objective: Mapped[str] = mapped_column(String(16), default="score", server_default=text("'score'"))
    # The lead's forecast settings: the validation Dice they aim for, and the expected Dice gain per 100 currency
    # units below which the forecast recommends stopping (None: not set).
    target_dice: Mapped[float | None] = mapped_column(Float)
    stop_gain_per_100: Mapped[float | None] = mapped_column(Float)
    # False: a finished round waits in "review" until a lead approves its selection.
    auto_publish: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # Pre-train a Models Genesis backbone on the project's images before the first round.
    genesis_enabled: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # De-identify DICOM on the way in (PS3.15 basic profile, keyed-hash pseudonyms, per-patient date shift).
    deidentify: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # Quality (issue 17, ``backend/review``). With review_required a reader's mask waits for a reviewer's decision and
    # only accepted masks train rounds and enter exports. A double_read_fraction of the submitted cases goes to a
    # second, independent reader too, picked by double_read_rule; consensus_method proposes the reviewer a mask
    # combining the reads.
    review_required: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    double_read_fraction: Mapped[float] = mapped_column(Float, default=0.0, server_default=text("0"))
    double_read_rule: Mapped[str] = mapped_column(String(16), default="random", server_default=text("'random'"))
    consensus_method: Mapped[str] = mapped_column(String(16), default="staple", server_default=text("'staple'"))
    # The per-project key of the pseudonym hash: the same PatientID gets the same pseudonym on every import of
    # this project and an unlinkable one in another project. Never returned by the API.
    pseudonym_key: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(32))
    budget_total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_spent_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    strategy: Mapped[str] = mapped_column(String(32), default="entropy")
    batch_size: Mapped[int] = mapped_column(default=2)


class ProjectMember(IdMixin, CreatedMixin, Base):
    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quota: Mapped[int | None]  # most patients this reader may annotate in the project; None: no limit
    # A radiologist the lead trusts to review colleagues' masks in this project (leads and admins always may).
    is_reviewer: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
