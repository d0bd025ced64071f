"""Drafts of typing not yet saved, so a crash or a killed process loses only the last seconds.

Each signed-in user has one JSON file in their data folder (readable by them alone, 0600),
not a table in the database: a draft is not a record yet (nothing audited, nobody else sees
half-typed reasons about a family, and a shared PostgreSQL trail is not filled with every pause
in typing); it must be written even when the database has just gone away (the moment work is
most at risk); and it needs no migration. Drafts are keyed by database, so one user's drafts
for two databases never meet. A draft goes when its form is saved or its typing discarded.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from panelapp import clock
from panelapp.config import data_dir
from panelapp.services.context import ServiceContext

FOLDER = "drafts"


@dataclass(frozen=True)
class Draft:
    key: str  # the form's key, e.g. "recommendation:42" (hearing id)
    what: str  # in the user's words: "the recommendation for NRAA-2026-014"
    fields: dict[str, Any]  # the form's values as typed (JSON)
    kept_at: datetime  # local time of the last autosave

    @property
    def when(self) -> str:
        return f"{self.kept_at:%d/%m/%Y at %H:%M}"


def drafts_path(ctx: ServiceContext) -> Path:
    """The signed-in user's drafts file (one per user: a shared computer keeps them apart)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", ctx.user.username) or "user"
    return data_dir() / FOLDER / f"{safe}.json"


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged file must not stop anyone working; the next draft rewrites it
    return loaded if isinstance(loaded, dict) else {}


def _write(path: Path, drafts: dict[str, dict[str, Any]]) -> None:
    """Written beside, then renamed over: a crash mid-write leaves the previous file whole."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = path.with_suffix(".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(drafts, out, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(part, 0o600)
    os.replace(part, path)


def _scoped(ctx: ServiceContext, key: str) -> str:
    return f"{ctx.database_label}|{key}"


def keep_draft(ctx: ServiceContext, key: str, what: str, fields: dict[str, Any]) -> Draft:
    """Keep (or replace) the draft of one form."""
    path = drafts_path(ctx)
    drafts = _read(path)
    now = clock.local_now().replace(microsecond=0, tzinfo=None)
    drafts[_scoped(ctx, key)] = {"what": what, "fields": fields, "kept_at": now.isoformat()}
    _write(path, drafts)
    return Draft(key, what, fields, now)


def find_draft(ctx: ServiceContext, key: str) -> Draft | None:
    entry = _read(drafts_path(ctx)).get(_scoped(ctx, key))
    if not isinstance(entry, dict) or not isinstance(entry.get("fields"), dict):
        return None
    try:
        kept_at = datetime.fromisoformat(str(entry.get("kept_at")))
    except ValueError:
        kept_at = clock.local_now()
    return Draft(key, str(entry.get("what", "")), entry["fields"], kept_at)


def discard_draft(ctx: ServiceContext, key: str) -> None:
    """The form was saved, or its typing discarded: the draft has done its job."""
    path = drafts_path(ctx)
    drafts = _read(path)
    if drafts.pop(_scoped(ctx, key), None) is not None:
        _write(path, drafts)


def list_drafts(ctx: ServiceContext, prefix: str = "") -> list[Draft]:
    """This user's drafts for this database (keys starting with `prefix`), oldest first."""
    scope = f"{ctx.database_label}|"
    found = []
    for scoped in _read(drafts_path(ctx)):
        if scoped.startswith(scope + prefix):
            draft = find_draft(ctx, scoped[len(scope) :])
            if draft is not None:
                found.append(draft)
    return sorted(found, key=lambda d: d.kept_at)
