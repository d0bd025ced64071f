"""The one writer: whole files or nothing, no litter, only ever replacing a regular file."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from panelapp.exports.files import (
    atomic_output,
    neutralise,
    read_back,
    write_bytes,
    write_csv,
    write_json,
    write_xlsx,
)


def test_a_file_appears_whole_under_its_name_and_replaces_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    out.write_text("old", encoding="utf-8")
    with atomic_output(out) as part:
        part.write_text("new", encoding="utf-8")
        assert out.read_text(encoding="utf-8") == "old"  # nothing changes until the end
    assert out.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_a_failure_leaves_the_old_file_and_no_part_file(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the old report")
    with pytest.raises(RuntimeError), atomic_output(out) as part:
        part.write_bytes(b"half a rep")
        raise RuntimeError("the renderer failed")
    assert out.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_folder_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "minutes.docx").mkdir()
    with pytest.raises(IsADirectoryError):
        write_bytes(tmp_path / "minutes.docx", b"x")
    assert (tmp_path / "minutes.docx").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.docx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_anything_but_a_regular_file_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "agenda.pdf"
    os.mkfifo(pipe)
    with pytest.raises(FileExistsError):
        write_bytes(pipe, b"x")
    assert not pipe.is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["agenda.pdf"]


def test_csv_has_the_excel_bom_a_header_and_every_row(tmp_path: Path) -> None:
    out = write_csv(tmp_path / "audit.csv", ["at", "who"], iter([["2026-11-20", "Ann"], ["", "Bob, Jr"]]))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [["at", "who"], ["2026-11-20", "Ann"], ["", "Bob, Jr"]]


def test_json_is_indented_with_a_final_newline(tmp_path: Path) -> None:
    out = write_json(tmp_path / "figures.json", {"cases_heard": 3})
    assert out.read_text(encoding="utf-8") == '{\n  "cases_heard": 3\n}\n'
    assert json.loads(out.read_text(encoding="utf-8")) == {"cases_heard": 3}


def test_xlsx_shows_dates_uk_style_blanks_empty_and_the_marking(tmp_path: Path) -> None:
    out = write_xlsx(
        tmp_path / "list.xlsx",
        "Central list",
        ["name", "joined_on", "note"],
        [["Ann Lee", date(2024, 3, 1), ""], ["Bob Roe", None, "on leave"]],
        widths=(28, 13),
        marking="OFFICIAL-SENSITIVE",
    )
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.title == "Central list"
    assert [c.value for c in sheet[1]] == ["name", "joined_on", "note"] and sheet["A1"].font.b
    assert sheet["B2"].number_format == "dd/mm/yyyy" and sheet["B2"].value.date() == date(2024, 3, 1)
    assert sheet["C2"].value is None and sheet["B3"].value is None and sheet["C3"].value == "on leave"
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width == 28
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # already quoted by its author: one more, so it reads back as typed
        ("O'Brien", "O'Brien"),
        ("'quoted'", "'quoted'"),
        ("Ann = Bob", "Ann = Bob"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised_and_read_back(value: str, written: str) -> None:
    """OWASP "CSV Injection": a cell starting with =, +, -, @, tab or CR gets a leading quote
    (issue 18, failure 11); reading back strips exactly that quote."""
    assert neutralise(value) == written
    assert read_back(written) == value


def test_csv_and_xlsx_write_formulas_as_quoted_text(tmp_path: Path) -> None:
    rows = [['=HYPERLINK("http://x","y")', "=1+1", 7, "001234567890"]]
    out = write_csv(tmp_path / "audit.csv", ["summary", "note", "n", "dbs"], iter(rows))
    read = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert read[1] == ['\'=HYPERLINK("http://x","y")', "'=1+1", "7", "001234567890"]
    sheet = load_workbook(write_xlsx(tmp_path / "l.xlsx", "L", ["a", "b", "n", "dbs"], rows)).active
    assert sheet is not None
    assert [(c.value, c.data_type) for c in sheet[2]] == [
        ('\'=HYPERLINK("http://x","y")', "s"),
        ("'=1+1", "s"),
        (7, "n"),
        ("001234567890", "s"),
    ]
    assert sheet["D2"].number_format == "@"  # a DBS number stays text when edited


# -- issue 18, failure 12: what may be replaced, no litter, the owner's only -----------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes or device files on this system")
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: os.symlink("/dev/null", p), "is a link to a device, not an ordinary file"),
        (lambda p: os.mkfifo(p), "is a pipe, not an ordinary file"),
        (lambda p: (p.parent / "real").mkdir() or os.symlink(p.parent / "real", p), "is a link to a folder"),
        (lambda p: os.symlink(p.parent / "nowhere", p), "is a link to nothing"),
    ],
)
def test_a_device_a_pipe_or_a_link_to_one_is_refused_in_words(
    tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    """Issue 18 failure 12: the writer replaced /dev/null when run as root."""
    target = tmp_path / "agenda.pdf"
    make(target)
    before = os.lstat(target)
    with pytest.raises(FileExistsError, match=said) as refused:
        write_bytes(target, b"x")
    assert "PanelApp replaces only files" in str(refused.value)
    assert os.lstat(target) == before and not (tmp_path / "agenda.pdf.part").exists()


def test_dev_null_itself_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileExistsError, match="/dev/null is a device"):
        write_bytes("/dev/null", b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_a_regular_file_is_replaced_not_followed(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.csv").write_text("keep", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.csv", tmp_path / "list.csv")
    write_bytes(tmp_path / "list.csv", b"new")
    assert (tmp_path / "elsewhere.csv").read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "list.csv").is_symlink() and (tmp_path / "list.csv").read_bytes() == b"new"


def test_exports_are_the_owners_only_and_the_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    old = folder / "list.csv"
    old.write_text("old", encoding="utf-8")
    os.chmod(old, 0o644)
    write_csv(old, ["a"], [["1"]])
    write_xlsx(folder / "list.xlsx", "L", ["a"], [["1"]])
    write_json(folder / "f.json", {})
    assert {p.name: _mode(p) for p in folder.iterdir()} == dict.fromkeys(
        ("list.csv", "list.xlsx", "f.json"), 0o600
    )
    assert _mode(folder) == 0o755  # the user's choice of folder


def test_no_part_file_after_a_full_disk(tmp_path: Path) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    with pytest.raises(OSError, match="No space"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "write_bytes", full)
        write_bytes(tmp_path / "pack.pdf", b"x" * 10)
    assert list(tmp_path.iterdir()) == []


def test_a_part_file_left_by_a_killed_run_is_cleaned_next_time(tmp_path: Path) -> None:
    """A real kill -9 in the middle of writing: the next export of that file removes its .part."""
    script = (
        "import os, sys, time\n"
        "from panelapp.exports.files import atomic_output\n"
        "with atomic_output(sys.argv[1]) as part:\n"
        "    part.write_bytes(b'half')\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    target = tmp_path / "report.pdf"
    child = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    with pytest.raises(FileExistsError, match="another PanelApp is writing"):
        write_bytes(target, b"mine")  # while it is alive, its .part is left alone
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert (tmp_path / "report.pdf.part").read_bytes() == b"half"
    write_bytes(target, b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"] and target.read_bytes() == b"whole"


def test_a_part_link_planted_beside_the_target_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    os.symlink(victim, tmp_path / "list.csv.part")
    write_bytes(tmp_path / "list.csv", b"export")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "victim.txt"]


def test_the_data_folder_is_the_owners_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from panelapp.config import data_dir

    monkeypatch.setenv("PANELAPP_HOME", str(tmp_path / "new" / "PanelApp"))
    assert _mode(data_dir()) == 0o700
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    os.chmod(old, 0o755)  # as an older PanelApp left it
    monkeypatch.setenv("PANELAPP_HOME", str(old))
    assert _mode(data_dir()) == 0o700
