"""Choosing the database: the embedded file or the team's PostgreSQL server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import URL, text

from db.engine import make_engine
from panelapp import credentials
from panelapp.config import default_db_url, load_settings, save_settings
from panelapp.services.errors import ConnectionLost


@dataclass(frozen=True)
class PostgresSettings:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def test_postgres(settings: PostgresSettings, password: str | None) -> str:
    """Try to connect; returns the server version or raises ConnectionLost in plain words."""
    engine = make_engine(settings.url(password), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            version = str(conn.scalar(text("SHOW server_version")))
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise ConnectionLost(
            f"Could not connect to {settings.database} on {settings.host}:{settings.port} as "
            f"{settings.user}. Check the details and the password, or ask IT. ({reason})"
        ) from exc
    finally:
        engine.dispose()
    return version


def choose_embedded() -> str:
    values = load_settings()
    values.pop("database_url", None)
    save_settings(values)
    return default_db_url()


def choose_postgres(settings: PostgresSettings, password: str | None, remember: bool = True) -> str:
    """Save the server details (never the password); the password goes to the keyring."""
    url = settings.url()
    if password and remember:
        credentials.remember_password(url, password)
    values = load_settings()
    values["database_url"] = credentials.url_without_password(url)
    save_settings(values)
    return settings.url(password)  # for this session only; never saved


def mark_first_run_done() -> None:
    values = load_settings()
    values["first_run_done"] = True
    save_settings(values)


def first_run_done() -> bool:
    return bool(load_settings().get("first_run_done"))
