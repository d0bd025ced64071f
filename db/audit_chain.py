"""The audit trail's hash chain, computed the same way in Python (SQLite) and SQL (PostgreSQL).

Each audit row keeps two digests:
- `values_hash`: SHA-256 of its before and after values as stored (the JSON text). Retention
  may later anonymise those values; the digest of what was first written stays.
- `hash`: SHA-256 of the previous row's `hash` and this row's time, author, action, table,
  row id, summary and `values_hash`.
So removing, inserting or changing any row breaks every `hash` after it, and `audit --verify`
(panelapp/services/admin/audit_verify.py) finds the first break. Each field is written as
"<length>:<text>", so no text can move from one field into the next and keep the digest.
Migration 0006 keeps its own copy of the SQL (applied migrations are never edited); a test
checks that both give the same digests.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

GENESIS = ""  # the "previous hash" of the first row


def _field(value: str | None) -> str:
    text = value or ""
    return f"{len(text)}:{text}"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(at: datetime) -> str:
    """The time as the chain reads it (PostgreSQL: to_char(at, 'YYYY-MM-DD HH24:MI:SS.US'))."""
    return f"{at:%Y-%m-%d %H:%M:%S.%f}"


def values_hash(before_text: str | None, after_text: str | None) -> str:
    return _sha256(_field(before_text) + _field(after_text))


def row_hash(
    previous: str,
    at: datetime,
    author: str,
    action: str,
    table_name: str,
    row_id: str,
    summary: str,
    values_digest: str,
) -> str:
    return _sha256(
        "".join(
            _field(part)
            for part in (previous, stamp(at), author, action, table_name, row_id, summary, values_digest)
        )
    )
