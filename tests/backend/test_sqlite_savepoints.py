"""SQLite is the embedded default, so its transactions must hold what Postgres holds: a row written in a savepoint
(an insert that may lose a race) is undone when the request that wrote it rolls back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.db.session import get_engine


def test_a_savepoint_taken_before_any_write_is_undone_by_the_rollback(tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'savepoints.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE versions (id INTEGER PRIMARY KEY, version INTEGER UNIQUE)"))
    with Session(engine) as session:
        session.execute(text("SELECT count(*) FROM versions")).scalar_one()  # reads first, as a route does
        with session.begin_nested():
            session.execute(text("INSERT INTO versions (version) VALUES (2)"))
        session.execute(text("INSERT INTO versions (version) VALUES (3)"))
        session.rollback()  # the request's later compare-and-set lost: a 409
    with Session(engine) as session:
        assert session.execute(text("SELECT count(*) FROM versions")).scalar_one() == 0
    with Session(engine) as session:
        with session.begin_nested():
            session.execute(text("INSERT INTO versions (version) VALUES (2)"))
        session.commit()
    with Session(engine) as session:
        assert session.execute(text("SELECT version FROM versions")).scalars().all() == [2]
    engine.dispose()
