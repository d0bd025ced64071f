"""Which files the members and register imports can read, and how the rest are refused.

Accepted: UTF-8 with or without a BOM, Excel's "Unicode text" (UTF-16 with a BOM, tab
separated), Windows-1252 that decodes cleanly, comma, tab or semicolon separators.
Refused in words: UTF-16 without its BOM, Windows-1252 with bytes it does not define,
NUL characters, a cell over 128 KiB.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from panelapp.services import cases, files, members
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import DEMO_UNTIL

HEADER = ",".join(members.COLUMNS)
ROW = "Siân Ó Briain,sian@example.org,independent,Panel 1,,2020-01-01,,,,active,café – note"
TEXT = f"{HEADER}\r\n{ROW}\r\n"
TABBED = TEXT.replace(",", "\t")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TABBED.encode("utf-16-le"), id="excel-unicode-text"),
        pytest.param(codecs.BOM_UTF16_BE + TABBED.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("cp1252"), id="windows-1252"),
        pytest.param(TEXT.replace(",", ";").encode("utf-8"), id="semicolons"),
    ],
)
def test_files_excel_saves_are_read_the_same(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(raw)
    table = members.read_table(path)
    assert table[0] == list(members.COLUMNS)
    assert table[1][0] == "Siân Ó Briain" and table[1][-1] == "café – note"


def test_excel_unicode_text_saved_as_txt_imports(empty_ctx: ServiceContext, tmp_path: Path) -> None:
    from panelapp.services import agency

    agency.load_demo_data(empty_ctx, until=DEMO_UNTIL)
    path = tmp_path / "members.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + TABBED.encode("utf-16-le"))
    assert members.import_members(empty_ctx, path, DEMO_UNTIL) == 1


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        pytest.param(TEXT.encode("utf-16-le"), "it is not text in a known encoding", id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), "it is not text in a known encoding", id="utf-16-be-no-bom"),
        pytest.param(HEADER.encode() + b"\r\nZo\x81,z@example.org\r\n", "not text in a known encoding", id="0x81"),
        pytest.param(HEADER.encode() + b"\r\nZo\x9d,z@example.org\r\n", "not text in a known encoding", id="0x9d"),
        pytest.param(HEADER.encode() + b"\r\nZo\x8d\x8f\x90,z@x.org\r\n", "not text in a known encoding", id="0x8d"),
        pytest.param(codecs.BOM_UTF8 + b"\xff\xfe broken", "not text in a known encoding", id="bad-utf8-after-bom"),
        pytest.param(HEADER.encode() + b"\r\nAnn\x00 Nul,a@example.org\r\n", "line 2 holds a NUL character", id="nul"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text in a known encoding", id="an-image"),
    ],
)  # fmt: skip
def test_unknown_encodings_are_refused_not_guessed(tmp_path: Path, raw: bytes, said: str) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(raw)
    with pytest.raises(ValidationError) as refused:
        members.read_table(path)
    assert str(refused.value).startswith("cannot read members.csv: ") and said in str(refused.value)
    assert "save it from Excel as 'CSV UTF-8'" in str(refused.value)


def test_a_cell_over_128_kib_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(f'{HEADER}\r\n{ROW}\r\n"{"x" * (files.MAX_CELL + 1)}"\r\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="a cell on line 3 is longer than 128 KiB"):
        members.read_table(path)


def test_cells_that_cannot_be_saved_are_named_but_never_quoted() -> None:
    long_name = "Ann " + "Quartermaine" * 20
    table = [
        list(members.COLUMNS),
        [long_name, "a@example.org", "independent", "", "", "", "", "", "", "", ""],
    ]
    table.append(["Bo\x00b Nul", "b@example.org", "independent", "", "", "", "", "", "", "", ""])
    preview = members.parse_members_table(table, ["Panel 1"], {}, DEMO_UNTIL)
    said = [str(e) for e in preview.errors]
    assert said == [
        "Row 2, name: this cell is longer than 200 characters",
        "Row 3, name: this cell holds a NUL character, which cannot be saved (the file may be damaged)",
    ]


def test_the_register_import_reads_the_same_encodings(tmp_path: Path) -> None:
    header = ",".join(cases.COLUMNS)
    path = tmp_path / "register.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + f"{header}\r\n".replace(",", "\t").encode("utf-16-le"))
    assert files.csv_rows(files.read_text(path), "register.csv")[0] == list(cases.COLUMNS)
    path.write_bytes(f"{header}\r\n".encode("utf-16-le"))
    with pytest.raises(
        ValidationError, match=r"cannot read register\.csv: it is not text in a known encoding"
    ):
        files.read_text(path)


def test_a_register_refuses_huge_votes_and_long_references_without_quoting_them(
    demo_ctx: ServiceContext,
) -> None:
    cells = dict.fromkeys(cases.COLUMNS, "") | {
        "case_type": "approval",
        "panel": "Panel 1",
        "panel_date": "2019-03-05",
        "outcome": "recommended",
    }
    rows = [
        cells | {"reference": "R" * 61, "vote_for": "5"},
        cells | {"reference": "VOTES-1", "vote_for": "9" * 30},
        cells | {"reference": "VOTES-2", "vote_against": "51"},
    ]
    text = ",".join(cases.COLUMNS) + "\n" + "\n".join(",".join(r.values()) for r in rows) + "\n"
    with pytest.raises(cases.RegisterImportError) as refused:
        cases.import_register(demo_ctx, text)
    assert [str(p) for p in refused.value.problems] == [
        "row 2, reference: this cell is longer than 60 characters",
        "row 3, vote_for: more votes than a panel has members (at most 50)",
        "row 4, vote_against: more votes than a panel has members (at most 50)",
    ]
    assert "RRRR" not in str(refused.value) and "9999" not in str(refused.value)
