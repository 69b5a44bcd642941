from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.core.types import StrictModel
from backend.project.schemas import CodedConceptDef


class SegDeliveryRead(BaseModel):
    """One STOW-RS of a patient's accepted SEG. ``created`` is false when this annotation had been sent to this
    PACS before: the same instance (same UIDs) was stored again, so the PACS still holds one."""

    series_instance_uid: str
    sop_instance_uid: str
    sent_at: datetime
    created: bool


class SegmentCodingRead(BaseModel):
    """The codes a label's segment is written with; ``default`` when the lead has not chosen them."""

    value: int
    name: str
    category: CodedConceptDef
    type: CodedConceptDef
    default: bool


class SegmentCodingWrite(StrictModel):
    value: int = Field(ge=1, le=255)
    # null (or omitted) returns the label to Radloop's default coding.
    category: CodedConceptDef | None = None
    type: CodedConceptDef | None = None


class SegCodingUpdate(StrictModel):
    labels: list[SegmentCodingWrite] = Field(min_length=1, max_length=64)
