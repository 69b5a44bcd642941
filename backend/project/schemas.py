from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import (
    BaseModel,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveInt,
    field_validator,
    model_validator,
)

from backend.core.types import Parsed, SafeText, Stored, StrictModel
from backend.models.project import (
    DEFAULT_CURRENCY,
    ConsensusMethod,
    CostMode,
    Currency,
    DoubleReadRule,
    SelectionObjective,
)
from backend.models.user import Role
from backend.round.schemas import RoundRead
from backend.strategy.schemas import Strategy


class CodingScheme(StrEnum):
    """Coding schemes a segment may be coded in: SNOMED CT (``SCT``, what DICOM SEG readers expect) and DICOM's own."""

    SCT = "SCT"
    DCM = "DCM"


class CodedConceptDef(StrictModel):
    """A coded concept of a DICOM SEG segment (category or type), e.g. SCT 49755003 "Morphologically Abnormal
    Structure". Limits are DICOM's: a code value is at most 16 characters (SNOMED CT identifiers are 6-18 digits
    and longer ones go to LongCodeValue), a code meaning at most 64."""

    scheme: Parsed[CodingScheme]
    code: str = Field(pattern=r"^[0-9]{6,18}$|^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$")
    meaning: SafeText = Field(min_length=1, max_length=64, pattern=r"^[^\\]+$")

    @model_validator(mode="after")
    def snomed_is_numeric(self) -> CodedConceptDef:
        if self.scheme == CodingScheme.SCT and not self.code.isdigit():
            raise ValueError("a SNOMED CT (SCT) code is a number of 6 to 18 digits, e.g. 49755003")
        return self


class LabelDef(StrictModel):
    value: int = Field(ge=1, le=255)
    name: SafeText = Field(min_length=1, max_length=64)
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    # The DICOM SEG coding the lead chose for this label (segmented property category and type); absent: Radloop's
    # defaults (backend/seg/coding.py). Left out of the stored JSON and the API when not set.
    category: CodedConceptDef | None = Field(default=None, exclude_if=lambda value: value is None)
    type: CodedConceptDef | None = Field(default=None, exclude_if=lambda value: value is None)


class PatientState(StrEnum):
    """Where a patient stands, one word per patient (``backend/project/counts.py`` decides it): the project card, the
    dashboard, the lead's patient list and their counts all use these, so no two pages can disagree."""

    validation = "validation"  # held out to measure the model; never selected, never charged
    annotated = "annotated"  # a pool patient with an accepted label
    in_review = "in_review"  # read and charged, waiting for a second read or a reviewer's decision (issue 17)
    reserved = "reserved"  # a reader holds a live reservation on it (normally: is annotating it now)
    queued = "queued"  # in the open round's selection, waiting in the readers' queue
    set_aside = "set_aside"  # selected, but a reader set it aside for the lead (open skip)
    unlabeled = "unlabeled"  # in the pool, no label, not selected: what the next round scores


class ProjectCounts(BaseModel):
    """Patients by :class:`PatientState`; every patient is in exactly one state, so the parts add up to ``patients``."""

    patients: NonNegativeInt
    annotated: NonNegativeInt
    in_review: NonNegativeInt = 0
    validation: NonNegativeInt
    reserved: NonNegativeInt
    queued: NonNegativeInt
    set_aside: NonNegativeInt
    unlabeled: NonNegativeInt


class ProjectRead(BaseModel):
    id: uuid.UUID
    name: str
    modality: str
    labels: list[LabelDef]
    # ISO 4217: every amount of the project (costs, budget, ledger, forecast) is in this currency.
    currency: Stored[Currency]
    cost_per_patient: NonNegativeFloat
    cost_mode: Stored[CostMode]
    cost_per_slice: NonNegativeFloat
    cost_per_hour: NonNegativeFloat
    budget_total: NonNegativeFloat
    budget_spent: NonNegativeFloat
    budget_remaining: NonNegativeFloat
    strategy: Stored[Strategy]
    batch_size: PositiveInt
    auto_publish: bool
    genesis_enabled: bool
    # DICOM imports are de-identified (PS3.15 basic profile, keyed-hash pseudonyms, per-patient date shift).
    deidentify: bool
    selection_objective: Stored[SelectionObjective]
    target_dice: float | None
    stop_gain_per_100: float | None
    # A reader's mask waits for a reviewer (lead, admin or a member marked reviewer) before it is ground truth.
    review_required: bool = False
    # The share of read cases sent to a second, independent reader, the rule choosing them, and how their reads
    # are combined for the reviewer.
    double_read_fraction: float = 0.0
    double_read_rule: Stored[DoubleReadRule] = DoubleReadRule.random
    consensus_method: Stored[ConsensusMethod] = ConsensusMethod.staple
    counts: ProjectCounts
    active_round: RoundRead | None


class BudgetUpdate(StrictModel):
    # The code amounts are shown in; changing it converts nothing (the amounts stay as they are).
    currency: Parsed[Currency] | None = None
    cost_per_patient: float | None = Field(default=None, ge=0, le=1e9)
    cost_mode: Parsed[CostMode] | None = None
    cost_per_slice: float | None = Field(default=None, ge=0, le=1e7)
    cost_per_hour: float | None = Field(default=None, ge=0, le=1e7)
    budget_total: float | None = Field(default=None, ge=0, le=1e12)

    @field_validator("cost_per_patient", "cost_per_slice", "cost_per_hour", "budget_total")
    @classmethod
    def at_most_cents(cls, value: float | None) -> float | None:
        if value is not None and abs(round(value * 100) - value * 100) > 1e-6:
            raise ValueError("amounts have at most two decimals")
        return value


class SettingsUpdate(StrictModel):
    strategy: Parsed[Strategy] | None = None
    batch_size: int | None = Field(default=None, ge=1, le=10_000)
    # False: each finished round waits in review for the lead to approve its selection.
    auto_publish: bool | None = None
    # Pre-train a Models Genesis backbone on the project's images before its first round.
    genesis_enabled: bool | None = None
    # De-identify DICOM imports from now on; turning it off is refused once the project holds de-identified
    # patients (their pseudonyms and the real PatientIDs of later imports would name the same people twice).
    deidentify: bool | None = None
    selection_objective: Parsed[SelectionObjective] | None = None
    # The forecast's targets; an explicit null clears one, an omitted field keeps it.
    target_dice: float | None = Field(default=None, gt=0, le=1, allow_inf_nan=False)
    stop_gain_per_100: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    # Masks wait for a reviewer's decision before they train rounds and enter exports. Turning it off leaves the
    # cases already in review to their reviewers.
    review_required: bool | None = None
    # Double reading needs review (someone decides between two reads): a fraction above 0 without it is refused.
    double_read_fraction: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    double_read_rule: Parsed[DoubleReadRule] | None = None
    consensus_method: Parsed[ConsensusMethod] | None = None


def to_cents(amount: float) -> int:
    return round(amount * 100)


def from_cents(cents: int) -> float:
    return cents / 100


class ProjectCreate(StrictModel):
    name: SafeText = Field(min_length=1, max_length=200)
    modality: SafeText = Field(min_length=1, max_length=16)
    labels: list[LabelDef] = Field(min_length=1, max_length=64)
    cost_per_patient: float = Field(ge=0, le=1e9)
    currency: Parsed[Currency] = DEFAULT_CURRENCY
    cost_mode: Parsed[CostMode] = CostMode.flat
    cost_per_slice: float = Field(default=0, ge=0, le=1e7)
    cost_per_hour: float = Field(default=0, ge=0, le=1e7)
    # The total budget in currency, or in cases (cost per patient × cases, flat cost only); give exactly one.
    budget_total: float | None = Field(default=None, ge=0, le=1e12)
    budget_cases: int | None = Field(default=None, ge=0, le=10_000_000)
    strategy: Parsed[Strategy] = Strategy.entropy
    batch_size: int = Field(default=2, ge=1, le=10_000)
    auto_publish: bool = True
    # De-identify DICOM imports (on by default): readers, exports and logs see pseudonyms only.
    deidentify: bool = True
    # Make every active radiologist a reader of the new project (without a quota), so a first round has readers.
    assign_radiologists: bool = False

    @field_validator("cost_per_patient", "cost_per_slice", "cost_per_hour", "budget_total")
    @classmethod
    def at_most_cents(cls, value: float | None) -> float | None:
        if value is not None and abs(round(value * 100) - value * 100) > 1e-6:
            raise ValueError("amounts have at most two decimals")
        return value

    @field_validator("labels")
    @classmethod
    def distinct_labels(cls, labels: list[LabelDef]) -> list[LabelDef]:
        if len({label.value for label in labels}) != len(labels):
            raise ValueError("label values must be distinct")
        if len({label.name.lower() for label in labels}) != len(labels):
            raise ValueError("label names must be distinct")
        return labels


class LedgerKind(StrEnum):
    """What a ledger entry records (the ``ledger_entries.kind`` column)."""

    annotation = "annotation"  # a submitted annotation debited from the budget
    budget_change = "budget_change"  # the lead changed the total budget


class LedgerEntryRead(BaseModel):
    id: uuid.UUID
    created_at: datetime
    kind: Stored[LedgerKind]
    amount: float
    reason: str
    user: str | None
    patient: str | None
    total_after: float
    spent_after: float
    remaining_after: float


class BurnPoint(BaseModel):
    """The budget's totals right after ``at``: after each entry, or (a ledger of more than 500 entries) after each
    of 500 equal runs of entries."""

    at: datetime
    total: float
    spent: float
    remaining: float


class LedgerRead(BaseModel):
    """One page of the ledger (``entries``, newest first; the next page is announced by the ``X-Next-Cursor``
    header) with the figures of the whole ledger, the same on every page: ``credits`` and ``debits`` summed over
    every entry, ``balanced`` (the entries add up to the project's total and spent), and ``burn_down``, oldest
    first, at most 500 points."""

    budget_total: float
    budget_spent: float
    budget_remaining: float
    credits: float
    debits: float
    balanced: bool
    entries: list[LedgerEntryRead]
    burn_down: list[BurnPoint]


class MemberRead(BaseModel):
    user_id: uuid.UUID
    username: str
    role: Stored[Role]
    quota: NonNegativeInt | None
    annotated: NonNegativeInt
    is_reviewer: bool = False


class MemberAssignment(StrictModel):
    user_id: Parsed[uuid.UUID]
    quota: int | None = Field(default=None, ge=0, le=1_000_000)
    # A radiologist who reviews colleagues' masks in this project (leads review anyway).
    is_reviewer: bool = False


class MembersUpdate(StrictModel):
    members: list[MemberAssignment] = Field(max_length=1000)
