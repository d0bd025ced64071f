"""Synthetic data at three scales, on SQLite files and PostgreSQL databases, cached.

The data is the demo agency (`panelapp.demo`) at a larger scale: deterministic, so a cached
database is reused until the demo generator, the models or the migrations change (their
source is part of the cache key). PostgreSQL databases are loaded from the SQLite file
with COPY (triggers off while loading: the copy is of rows that already passed the
app's own checks), then ANALYZEd as autovacuum would in a real deployment.

    python -m bench.generate [--pg] [scale ...]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
UNTIL = date(2026, 11, 20)  # the last day of held business in every synthetic database
# A complete reporting period (1 April to 30 September) before UNTIL.
PERIOD = (date(2026, 4, 1), date(2026, 9, 30))
PG_SERVER = os.environ.get("PANELAPP_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class Scale:
    name: str
    years: int
    agencies: int
    panels: int  # per agency
    description: str


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("agency_1y", 1, 1, 4, "one agency (4 panels), one year"),
        Scale("large_10y", 10, 1, 8, "one large agency (8 panels), ten years"),
        Scale("national_10y", 10, 30, 8, "30 large agencies on one database, ten years"),
    )
}


def cache_key(scale: Scale) -> str:
    """Changes whenever the data a scale produces could change."""
    digest = hashlib.sha1(repr(scale).encode())
    digest.update(UNTIL.isoformat().encode())
    sources = [ROOT / "panelapp" / "demo.py", *sorted((ROOT / "db" / "models").glob("*.py"))]
    sources += sorted((ROOT / "db" / "migrations" / "versions").glob("*.py"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- SQLite ----------------------------------------------------------------------------


def sqlite_path(scale: Scale) -> Path:
    return DATA_DIR / f"{scale.name}.sqlite3"


def sqlite_url(scale: Scale) -> str:
    """The scale's SQLite database, generated unless a current one is cached."""
    from panelapp.exports.files import atomic_output

    path = sqlite_path(scale)
    key_file = path.with_suffix(".key")
    key = cache_key(scale)
    if path.exists() and key_file.exists() and key_file.read_text().strip() == key:
        return f"sqlite:///{path}"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for stale in (path, key_file, *path.parent.glob(path.name + ".part*")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    _log(f"generating {scale.name} ({scale.description}) on SQLite...")
    with atomic_output(path) as partial:  # the cached file is whole, or absent
        counts = _generate(f"sqlite:///{partial}", scale)
        with sqlite3.connect(partial) as con:  # fold the WAL in, so the file is complete alone
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode=DELETE")
    key_file.write_text(key + "\n")
    _log(f"{scale.name}: {counts} in {time.perf_counter() - started:.0f} s")
    return f"sqlite:///{path}"


def _generate(url: str, scale: Scale) -> dict[str, int]:
    from panelapp.demo import DemoScale, create_demo_data
    from panelapp.services.context import open_database

    ctx, _ = open_database(url)
    demo = DemoScale(years=scale.years, agencies=scale.agencies, panels=scale.panels, until=UNTIL)
    with ctx.sessions.begin() as session:
        counts = create_demo_data(session, demo)
    ctx.engine.dispose()
    return counts


def counts(url: str) -> dict[str, int]:
    """Rows in the tables that make a scale big (for the results table)."""
    from sqlalchemy import func, select

    from db.engine import make_engine
    from db.models import Agency, Case, Hearing, Meeting, Member

    engine = make_engine(url)
    with engine.connect() as conn:
        out = {
            model.__tablename__: int(conn.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Agency, Member, Meeting, Case, Hearing)
        }
    engine.dispose()
    return out


# -- PostgreSQL --------------------------------------------------------------------------


def pg_reachable() -> str | None:
    """None if the bench PostgreSQL server answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # noqa: BLE001 - any failure means: skip PostgreSQL, saying why
        return f"PostgreSQL not reachable at {PG_SERVER}: {type(exc).__name__}"
    return None


def pg_url(scale: Scale) -> str:
    """The scale's PostgreSQL database, loaded from its SQLite file unless current."""
    import psycopg

    name = f"panelapp_bench_{scale.name}"
    key = cache_key(scale)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if row is not None and row[0] == key:
            return f"{PG_SERVER}/{name}"
    sqlite_url(scale)  # the source, generated first if need be
    started = time.perf_counter()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        _log(f"loading {scale.name} into PostgreSQL database {name}...")
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_SERVER}/{name}"
    _copy_sqlite_to_pg(sqlite_path(scale), url)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{key}'")
    _log(f"{scale.name}: PostgreSQL loaded in {time.perf_counter() - started:.0f} s")
    return url


def _copy_sqlite_to_pg(source: Path, url: str) -> None:
    import psycopg

    from db.models import Base
    from panelapp.services.context import open_database

    ctx, _ = open_database(url)  # the real schema: migrations, roles, grants, audit triggers
    ctx.engine.dispose()
    src = sqlite3.connect(source)
    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")  # no triggers while loading
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            quoted = ", ".join(f'"{c}"' for c in columns)
            # Rows a migration seeded (the audit chain's first link) are the copy's to give.
            conn.execute(f'DELETE FROM "{table.name}"')
            with conn.cursor().copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {quoted} FROM "{table.name}"'):
                    copy.write_row(row)
            if "id" in columns:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                )
        conn.commit()
    src.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def database_url(scale: Scale, backend: str) -> str:
    return pg_url(scale) if backend == "postgresql" else sqlite_url(scale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("scales", nargs="*", metavar="SCALE", help=f"default: all of {', '.join(SCALES)}")
    parser.add_argument("--pg", action="store_true", help="also load the PostgreSQL databases")
    args = parser.parse_args(argv)
    unknown = set(args.scales) - set(SCALES)
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(sorted(unknown))}; choose from {', '.join(SCALES)}")
    for name in args.scales or list(SCALES):
        url = sqlite_url(SCALES[name])
        print(name, url, counts(url))
        if args.pg:
            print(name, pg_url(SCALES[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
