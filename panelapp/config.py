"""Where PanelApp keeps its files and which database it opens.

The database URL comes from, in order: `--db URL`, the `PANELAPP_DB` environment
variable, the URL saved in settings.json, then the embedded SQLite file in the user's
data folder. Passwords are never stored here: they live in the OS keyring.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from panelapp import APP_NAME, ORG_NAME


def data_dir() -> Path:
    """PanelApp's own folder (database, settings, drafts, logs, backups): the owner's only (0700)."""
    override = os.environ.get("PANELAPP_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME))
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    if base.stat().st_mode & 0o077:
        with contextlib.suppress(PermissionError):  # a folder IT made for us stays as IT set it
            os.chmod(base, 0o700)  # an older PanelApp made it 0755 (the umask's)
    return base


def settings_path() -> Path:
    return data_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    path = settings_path()
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged settings file must not stop the app from opening
    return loaded if isinstance(loaded, dict) else {}


def save_settings(values: dict[str, Any]) -> None:
    from panelapp.exports.files import atomic_output  # csv and the rest: not before the first paint

    with atomic_output(settings_path()) as part:  # never a half-written settings file
        part.write_text(json.dumps(values, indent=2), encoding="utf-8")


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'panelapp.sqlite3'}"


def resolve_db_url(cli_url: str | None = None) -> str:
    if cli_url:
        return cli_url
    env = os.environ.get("PANELAPP_DB")
    if env:
        return env
    saved = load_settings().get("database_url")
    if isinstance(saved, str) and saved:
        return saved
    return default_db_url()
