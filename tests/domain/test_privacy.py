"""Children by initials only: full and given names are replaced, whole words, any case."""

from __future__ import annotations

import pytest

from panelapp.domain.privacy import scrub_children

CHILDREN = [("Rosie Thornbury", "RT"), ("Tobias Wrenfield", "TW")]


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Rosie Thornbury is settled.", "RT is settled."),
        ("ROSIE and tobias play together.", "RT and TW play together."),
        ("Rosier and Tobiasson are not the children.", "Rosier and Tobiasson are not the children."),
        ("Thornbury alone is a surname: it stays.", "Thornbury alone is a surname: it stays."),
        ("", ""),
    ],
)
def test_children_are_named_by_initials(text: str, scrubbed: str) -> None:
    assert scrub_children(text, CHILDREN) == scrubbed


def test_blank_or_one_letter_names_change_nothing() -> None:
    text = "A panel member asked a question."
    assert scrub_children(text, [("", "XY"), ("A", "AB"), ("  ", "CD")]) == text
