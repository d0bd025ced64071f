"""The demo data's audit note in words (issue 20: it was a Python dict, "{'agencies': 1, …}")."""

from __future__ import annotations

NOUNS = (  # what each count is, in the panel team's words
    ("agencies", "agency", "agencies"),
    ("members", "member", "members"),
    ("meetings", "sitting", "sittings"),
    ("cases", "case", "cases"),
    ("hearings", "hearing", "hearings"),
)


def audit_note(counts: dict[str, int], seed: int) -> str:
    """'Demo data created: 1 agency, 40 members, 61 sittings, …, every name invented (seed 7).'"""
    made = [f"{counts.get(key, 0)} {one if counts.get(key, 0) == 1 else many}" for key, one, many in NOUNS]
    return f"Demo data created: {', '.join(made)}, every name invented (seed {seed})."
