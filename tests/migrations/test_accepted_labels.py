"""Revision 0007 backfills each annotated patient's accepted annotation with its highest version (what every
reader used before), leaves unannotated patients without one, and rolls back cleanly; on SQLite and Postgres."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, text

from tests.migrations.conftest import alembic_config


def test_backfill_points_each_annotated_patient_at_its_highest_version(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0006")
    engine = create_engine(url)
    sqlite = url.startswith("sqlite")

    def uid() -> str:
        value = uuid.uuid4()
        return value.hex if sqlite else str(value)  # how SQLAlchemy's Uuid type stores it on each backend

    project, annotated, bare, study, volume = uid(), uid(), uid(), uid(), uid()
    versions = {1: uid(), 2: uid(), 3: uid()}
    now = "2026-11-30 12:00:00"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, created_at, name, modality, labels, cost_per_patient_cents, "
                "budget_total_cents, budget_spent_cents, strategy, batch_size) "
                "VALUES (:id, :now, 'p', 'MR', '[]', 100, 1000, 0, 'random', 2)"
            ),
            {"id": project, "now": now},
        )
        for patient, external in ((annotated, "a"), (bare, "b")):
            connection.execute(
                text(
                    "INSERT INTO patients (id, created_at, project_id, external_id, split, status) "
                    "VALUES (:id, :now, :project, :external, 'pool', 'unlabeled')"
                ),
                {"id": patient, "now": now, "project": project, "external": external},
            )
        connection.execute(
            text("INSERT INTO studies (id, created_at, patient_id, description) VALUES (:id, :now, :patient, '')"),
            {"id": study, "now": now, "patient": annotated},
        )
        connection.execute(
            text(
                "INSERT INTO volumes (id, created_at, study_id, description, modality, source_format, storage_key, "
                "sha256, shape, spacing, affine, dtype, extra) "
                "VALUES (:id, :now, :study, '', 'MR', 'nifti', 'v', 'x', '[1]', '[1]', '[[1]]', 'uint8', '{}')"
            ),
            {"id": volume, "now": now, "study": study},
        )
        for version in (2, 3, 1):  # inserted out of order: the backfill must pick by version, not by row
            connection.execute(
                text(
                    "INSERT INTO annotations (id, created_at, patient_id, volume_id, version, source, storage_key, "
                    "sha256) VALUES (:id, :now, :patient, :volume, :version, 'human', 'k', 'x')"
                ),
                {"id": versions[version], "now": now, "patient": annotated, "volume": volume, "version": version},
            )
    command.upgrade(config, "0007")
    with engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT external_id, accepted_annotation_id FROM patients")).all())
    normalise = (lambda v: uuid.UUID(str(v)).hex) if not sqlite else (lambda v: v)
    assert normalise(rows["a"]) == normalise(versions[3])
    assert rows["b"] is None
    command.downgrade(config, "0006")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM patients")).keys()
    assert "accepted_annotation_id" not in columns
    engine.dispose()
