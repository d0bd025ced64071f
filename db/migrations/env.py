"""Alembic environment: runs on the connection PanelApp hands it (see db.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from db.engine import make_engine
from db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # `alembic` command line, for developers writing migrations
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite3")
    with engine.begin() as conn:
        _run(conn)
