"""`in_ids`: IN (SELECT …) everywhere, ANY(ARRAY(SELECT …)) on PostgreSQL, the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Select, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from db.engine import make_engine
from db.sql import in_ids

meta = MetaData()
parent = Table("parent", meta, Column("id", Integer, primary_key=True), Column("group_id", Integer))
child = Table("child", meta, Column("id", Integer, primary_key=True), Column("parent_id", Integer))


def _children_of_group(group: int) -> Select[Any]:
    return select(child.c.id).where(
        in_ids(child.c.parent_id, select(parent.c.id).where(parent.c.group_id == group))
    )


def test_each_database_gets_its_own_form() -> None:
    stmt = _children_of_group(1)
    lite = str(stmt.compile(dialect=sqlite.dialect()))
    pg = str(stmt.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "child.parent_id IN (SELECT parent.id" in lite and "= 1" not in lite
    assert "child.parent_id = ANY(ARRAY(SELECT parent.id" in pg


def test_the_statement_is_cached_by_shape_not_by_value() -> None:
    one, two = _children_of_group(1), _children_of_group(2)
    key_one, key_two = one._generate_cache_key(), two._generate_cache_key()
    assert key_one is not None and key_one == key_two  # one compiled form for every group…
    assert [p.value for p in key_one.bindparams] != [p.value for p in key_two.bindparams]  # …values apart


def _rows(url: str) -> dict[int, list[int]]:
    engine = make_engine(url)
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(parent), [{"id": i, "group_id": i % 3} for i in range(1, 31)])
        conn.execute(insert(child), [{"id": i, "parent_id": 1 + i % 30} for i in range(1, 301)])
        found = {g: sorted(conn.scalars(_children_of_group(g))) for g in range(4)}
    meta.drop_all(engine)
    engine.dispose()
    return found


def test_sqlite_finds_the_children_of_the_group(tmp_path: Path) -> None:
    found = _rows(f"sqlite:///{tmp_path / 'in.sqlite3'}")
    assert found[3] == [] and len(found[1]) == 100
    assert found[1] == [i for i in range(1, 301) if (1 + i % 30) % 3 == 1]


def test_postgresql_finds_the_same_rows(tmp_path: Path, pg_url: str) -> None:
    assert _rows(pg_url) == _rows(f"sqlite:///{tmp_path / 'in.sqlite3'}")
