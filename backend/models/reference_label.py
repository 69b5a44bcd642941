from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedMixin, IdMixin


class ReferenceLabel(IdMixin, CreatedMixin, Base):
    """Ground truth imported with a patient but hidden from readers and from training.

    It lets a project simulate what random selection would have achieved (the baseline beside the real
    label-efficiency curve) without the radiologists seeing, or the model learning from, labels nobody paid for.
    """

    __tablename__ = "reference_labels"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), unique=True)
    volume_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
