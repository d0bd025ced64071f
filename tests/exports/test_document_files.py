"""Each document kind as people open it elsewhere: Word read by python-docx, PDF by pypdf,
and a Word file converted by LibreOffice (issue 19).

One document set is built from the demo agency for the module (tests/exports/document_set.py):
agenda, minutes, ADM extract, grading summary and chairs' report, each in Word and PDF, with
a member named "Zoë Łukasiewicz-Nguyễn".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Cm
from pypdf import PdfReader

from tests.conftest import copy_database
from tests.exports.document_set import KINDS, ZOE_NAME, DocumentSet, build_documents

PLACEHOLDERS = ("Update Field", "Right-click", "python-docx", "Lorem ipsum")
A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> DocumentSet:
    folder = tmp_path_factory.mktemp("documents")
    ctx = copy_database(demo_database, folder)
    return build_documents(ctx, folder)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx_all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in doc.sections for part in (s.header, s.footer) for p in part.paragraphs]
    return "\n".join(parts)


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use -> whether its program is embedded in the file."""
    found: dict[str, bool] = {}

    def visit(font: Any) -> None:
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            visit(descendant)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            d = descriptor.get_object()
            found[str(font["/BaseFont"])] = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        elif "/DescendantFonts" not in font:
            found[str(font.get("/BaseFont"))] = False  # a standard 14 font: never embedded

    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font", {}) if resources is not None else {}
        for font in fonts.get_object().values():
            visit(font)
    return found


def _check_word(path: Path, agency_name: str) -> str:
    doc = Document(str(path))
    for section in doc.sections:  # A4 portrait, not python-docx's US Letter
        assert abs(section.page_width - Cm(21)) < Cm(0.05), path.name
        assert abs(section.page_height - Cm(29.7)) < Cm(0.05), path.name
    styles = {s.name for s in doc.styles}
    assert {"Title", "Heading 1", "Table Grid", "Caption"} <= styles
    assert doc.styles["Normal"].font.name == "Arial"
    core = doc.core_properties
    assert core.author == agency_name and core.title and core.created is not None
    assert core.created.year == 2026  # made now (the pinned clock), not python-docx's 2013
    text = _docx_all_text(path)
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text and placeholder not in xml, (path.name, placeholder)
    assert "updateFields" not in xml  # Word would ask to update fields on every opening
    return text


def _check_pdf(path: Path) -> str:
    reader = PdfReader(str(path))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1, path.name
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), (
        f"{path.name}: not embedded: {[f for f, e in fonts.items() if not e]}"
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "■" not in text and "&amp;" not in text
    return text


@pytest.mark.parametrize("kind", KINDS)
def test_each_document_opens_as_a4_with_its_styles_properties_and_fonts(
    documents: DocumentSet, kind: str
) -> None:
    """Issue 19: A4 Word files from the agency's template, core properties set, no field
    prompt or placeholder; PDFs A4 with every font embedded and the member's name intact."""
    word = _check_word(documents.files[kind, "docx"], documents.agency_name)
    pdf = _check_pdf(documents.files[kind, "pdf"])
    assert ZOE_NAME in word
    assert _squash(ZOE_NAME) in _squash(pdf)  # a table cell may wrap it at the hyphen
    assert "advisor" not in word.lower() and "advisor" not in pdf.lower()  # one spelling: adviser


def test_the_agenda_has_its_standing_items_around_the_cases(documents: DocumentSet) -> None:
    text = _docx_all_text(documents.files["agenda", "docx"])
    first_case = min(text.index(r) for r in documents.references)
    assert text.index("1. Welcome, introductions and apologies") < first_case
    assert text.index("Declarations of interest") < first_case
    assert text.index("Any other business") > first_case
    assert re.search(r"Date of next panel: \d{1,2} [A-Z][a-z]+ 2027", text)


def test_the_minutes_say_who_was_in_attendance_and_one_version(documents: DocumentSet) -> None:
    word = _docx_all_text(documents.files["minutes", "docx"])
    pdf = _check_pdf(documents.files["minutes", "pdf"])
    for text in (word, pdf):
        assert "In attendance" in text
        assert re.search(r"Panel adviser( and [A-Za-z-]+)?: ", text) or "Minute-taker: " in text
        assert "the applicants (" in text or "social worker)" in text
        versions = set(re.findall(r"Version:? ?(\d+)", text))
        assert len(versions) == 1, versions  # the details box and every footer agree
    doc = Document(str(documents.files["minutes", "docx"]))
    footer = " ".join(p.text for s in doc.sections for p in s.footer.paragraphs)
    assert re.search(r"Version \d+", footer)


def test_dates_are_long_in_prose_and_short_in_tables(documents: DocumentSet) -> None:
    """Issue 19: "8 December 2026" in sentences and headings, dd/mm/yyyy in table cells."""
    doc = Document(str(documents.files["minutes", "docx"]))
    prose = " ".join(p.text for p in doc.paragraphs)
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", prose), prose[:300]
    agenda = Document(str(documents.files["agenda", "docx"]))
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", " ".join(p.text for p in agenda.paragraphs))
    summary = Document(str(documents.files["grading_summary", "docx"]))
    cells = [c.text for t in summary.tables for r in t.rows[1:] for c in r.cells]
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", c) for c in cells)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_converts_the_agenda_to_an_a4_pdf_with_no_word_broken(
    documents: DocumentSet, tmp_path: Path
) -> None:
    """The Word agenda as LibreOffice lays it out (libreoffice-writer-nogui, installed by the
    Makefile): A4, the agenda's words, and no case reference or word split across lines."""
    soffice = _soffice()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: `make test-tools` installs libreoffice-writer-nogui"
        )
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"  # a private profile: parallel runs never collide
    source = documents.files["agenda", "docx"]
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = tmp_path / "agenda.pdf"
    reader = PdfReader(str(converted))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4_POINTS[0]) < 1
        assert abs(float(page.mediabox.height) - A4_POINTS[1]) < 1
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    text = "\n".join(lines)
    assert "agenda" in text and "Welcome, introductions and apologies" in " ".join(text.split())
    for reference in documents.references:  # whole on one line: the column fits it
        assert any(reference in line for line in lines), reference
    for word in ("Standing", "approval", "Independent", "Declarations"):
        if word in " ".join(lines):
            continue
        raise AssertionError(f"{word!r} is broken across lines in LibreOffice's layout")
