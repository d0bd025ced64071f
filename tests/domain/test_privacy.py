"""Children by initials only (AAR 2005 reg 6 and the Adoption Agencies Regulations' duty of
confidentiality, reg 41; Statutory guidance 2013 para 1.23): full names, first names,
surnames, known-as names and birth relatives' names never circulate."""

from __future__ import annotations

import dataclasses

import pytest

from panelapp.domain.privacy import (
    Finding,
    WithheldName,
    describe_findings,
    find_withheld,
    initials_of,
    scrub,
    scrub_all,
    scrub_children,
    withheld_names,
)

CHILDREN = [("Rosie Thornbury", "RT"), ("Tobias Wrenfield", "TW")]


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Rosie Thornbury is settled.", "RT is settled."),
        ("ROSIE and tobias play together.", "RT and TW play together."),
        ("Rosier and Tobiasson are not the children.", "Rosier and Tobiasson are not the children."),
        ("Master Thornbury's school; the Thornbury siblings.", "Master T's school; the T siblings."),
        ("Rosie\nThornbury across a line break.", "RT across a line break."),
        ("", ""),
    ],
)
def test_children_are_named_by_initials_surnames_too(text: str, scrubbed: str) -> None:
    """AAR 2005 reg 41 (confidentiality): a child's surname identifies them as surely as the full name."""
    assert scrub_children(text, CHILDREN) == scrubbed


def test_blank_or_one_letter_names_change_nothing() -> None:
    text = "A panel member asked a question."
    assert scrub_children(text, [("", "XY"), ("A", "AB"), ("  ", "CD")]) == text


def test_names_entered_on_the_case_are_replaced_with_their_initials() -> None:
    """Known-as names and birth relatives' names (Statutory guidance 2013 para 1.23)."""
    names = withheld_names(
        [("Maxwell Blackthorn", "MB")],
        [WithheldName("Maxie", "", "known_as"), WithheldName("Sharon  Kettleby", "SK", "birth_relative")],
    )
    text = "Maxie (Maxwell Blackthorn) sees his birth mother Sharon Kettleby; Master Blackthorn's wishes."
    assert scrub(text, names) == "M (MB) sees his birth mother SK; Master B's wishes."


def test_names_of_people_rightly_in_the_document_are_left_whole() -> None:
    names = withheld_names([("James Ortiz", "JO")])
    text = "Present: James Carter (chair). James is settled."
    assert scrub(text, names, allowed=["James Carter"]) == "Present: James Carter (chair). JO is settled."
    assert find_withheld([("page 1", text)], names, allowed=["James Carter"]) == [Finding("James", "page 1")]
    assert find_withheld([("page 1", "Present: James Carter")], names, allowed=["James Carter"]) == []


def test_accented_and_double_names() -> None:
    names = withheld_names([("Zoë Łukasiewicz-Nguyễn", "ZŁN")])
    assert initials_of("Łukasiewicz-Nguyễn") == "ŁN"
    assert scrub("Zoë and the Łukasiewicz-Nguyễn family", names) == "ZŁN and the N family"
    assert scrub("Zoëlle stays", names) == "Zoëlle stays"


def test_the_circulation_check_says_what_and_where() -> None:
    names = withheld_names([("Maxwell Blackthorn", "MB")], [WithheldName("Maxie", "M", "known_as")])
    parts = [("page 1", "All well."), ("page 2", "Maxie said hello"), ("page 3", "the BLACKTHORN siblings")]
    found = find_withheld(parts, names)
    assert found == [Finding("Maxie", "page 2"), Finding("Blackthorn", "page 3")]
    assert describe_findings(found) == '"Maxie" (page 2); "Blackthorn" (page 3)'


def test_a_whole_document_is_scrubbed_in_every_field() -> None:
    @dataclasses.dataclass(frozen=True)
    class Part:
        title: str
        lines: tuple[str, ...]

    @dataclasses.dataclass(frozen=True)
    class Doc:
        title: str
        parts: tuple[Part, ...]
        count: int

    doc = Doc("Maxie's review", (Part("Blackthorn", ("Maxie", "ok")),), 3)
    names = withheld_names([("Max Blackthorn", "MB")], [WithheldName("Maxie", "M", "known_as")])
    assert scrub_all(doc, names) == Doc("M's review", (Part("B", ("M", "ok")),), 3)
