"""Renderers draw a document handed to them: no database, no service, the same words in Word and PDF.

Each document here is built by hand, so these tests say what a renderer does with exactly
what it is given (the tests beside them build documents from the demo agency).
"""

from __future__ import annotations

import datetime as dt
import email
import re
import zipfile
from email import policy
from pathlib import Path

from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from panelapp.documents.adm_email import AdmEmailDraft, CaseExtract
from panelapp.documents.agenda import AgendaDocument, AgendaItem, PersonLine
from panelapp.documents.appendix import AppendixA, AppendixEntry
from panelapp.documents.blocks import ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.calendar import CalendarEntry, CalendarSelection
from panelapp.documents.chairs_report import ReportDocument
from panelapp.documents.minutes import MinutesDocument, MinutesPart
from panelapp.exports.docx.agenda import write_agenda_docx
from panelapp.exports.docx.appendix import write_appendix_docx
from panelapp.exports.docx.minutes import write_minutes_docx
from panelapp.exports.docx.report import write_report_docx
from panelapp.exports.eml import write_adm_draft
from panelapp.exports.ics import write_ics
from panelapp.exports.pdf.agenda import write_agenda_pdf
from panelapp.exports.pdf.appendix import write_appendix_pdf
from panelapp.exports.pdf.minutes import write_minutes_pdf
from panelapp.exports.pdf.report import write_report_pdf

MARKING = "OFFICIAL-SENSITIVE"
DAY = dt.date(2026, 11, 24)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    headers = [p.text for section in doc.sections for p in section.header.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells + headers)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def agenda() -> AgendaDocument:
    case = AgendaItem(
        start=dt.time(10, 0),
        end=dt.time(11, 0),
        is_case=True,
        title="",
        kind="case",
        kind_label="Case",
        reference="KC-101",
        household="Mr and Mrs Ashdown",
        case_type_label="Match",
        child_initials="RT",
        attending=("Child's social worker",),
        chair_name="Ann Chair",
    )
    pause = AgendaItem(dt.time(11, 0), dt.time(11, 15), False, "Break", "break", "Break")
    return AgendaDocument(
        agency_name="Northdown Adoption",
        marking=MARKING,
        panel="Panel 1",
        date=DAY,
        start=dt.time(10, 0),
        sitting_end=dt.time(15, 30),
        venue="",
        teams_link="",
        circulate_by=dt.date(2026, 11, 17),
        items=(case, pause),
        sitting=(PersonLine("Ann Chair", "Independent chair"),),
        in_attendance=(),
        circulation=(PersonLine("Ann Chair", "Independent chair"), PersonLine("Bo Adviser", "Panel adviser")),
    )


def test_the_agenda_says_the_same_in_word_and_pdf(tmp_path: Path) -> None:
    document = agenda()
    word = docx_text(write_agenda_docx(document, tmp_path / "agenda.docx"))
    pdf = pdf_text(write_agenda_pdf(document, tmp_path / "agenda.pdf"))
    for text in ("Panel 1 agenda, 24 November 2026", "KC-101", "Mr and Mrs Ashdown", "RT", "Break",
                 "Microsoft Teams", "17 November 2026", "Who is sitting", "Bo Adviser", MARKING):  # fmt: skip
        assert text in word and text in pdf.replace("\n", " ")


def test_minutes_bold_their_labels_and_carry_the_signature(tmp_path: Path) -> None:
    document = MinutesDocument(
        agency_name="Northdown Adoption",
        marking=MARKING,
        title="Minutes: Panel 1, 24 November 2026",
        panel_name="Panel 1",
        date=DAY,
        start_time=dt.time(10, 0),
        venue="",
        state_label="Final",
        signed_off="Ann Chair, 25 November 2026",
        sections=(
            MinutesPart("KC-101: Match", ("Reasons: RT's needs are met.", "", "Vote: 6 for."), "KC-101"),
        ),
        case_reference=None,
    )
    word_path = write_minutes_docx(document, tmp_path / "minutes.docx")
    word, pdf = docx_text(word_path), pdf_text(write_minutes_pdf(document, tmp_path / "minutes.pdf"))
    reasons = next(p for p in Document(str(word_path)).paragraphs if p.text.startswith("Reasons:"))
    assert reasons.runs[0].text == "Reasons:" and reasons.runs[0].bold
    for text in ("KC-101: Match", "Reasons: RT's needs are met.", "Not recorded", MARKING,
                 "Signed as a true record by the chair: Ann Chair, 25 November 2026"):  # fmt: skip
        assert text in word and text in pdf.replace("\n", " ")


def test_the_report_draws_every_block_and_its_chart(tmp_path: Path) -> None:
    chart = ChartSpec("Cases heard by type", ["Match", "Approval"], [("Hearings", [3, 2])], "Figure 1")
    document = ReportDocument(
        "Northdown Adoption",
        MARKING,
        (
            Para("Panel 1: April to September 2026"),
            Heading("Contents", 2),
            Contents(),
            PageBreak(),
            Heading("4. Cases", 1),
            TableBlock(["Case type", "Heard"], [["Match", "3"], ["Approval", "2"]]),
            chart,
            Para("Nothing has been recorded for this section.", note=True),
        ),
    )
    steps: list[tuple[int, str]] = []
    word_path = write_report_docx(document, tmp_path / "report.docx", lambda p, t: steps.append((p, t)))
    pdf = pdf_text(write_report_pdf(document, tmp_path / "report.pdf"))
    word = Document(str(word_path))
    assert len(word.inline_shapes) == 1 and "Figure 1" in docx_text(word_path)
    assert (15, "Drawing the charts") in steps and steps[-1] == (92, "Saving")
    assert "Figure 1" in pdf
    # The contents lists the headings with the page each starts on (the page break puts 4 on page 2).
    contents_page = pdf.split("Page 1 of 2")[0]
    assert "4. Cases" in contents_page and re.search(r"(\.\s+)+2\s", contents_page), contents_page
    assert "Update Field" not in docx_text(word_path) and "updateFields" not in _settings_xml(word_path)
    assert "4. Cases" in [p.text for p in word.paragraphs][:6]  # listed in Word's contents
    assert "Match" in pdf and MARKING in pdf


def _settings_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/settings.xml").decode()


def test_the_appendix_lists_its_entries_in_the_order_given(tmp_path: Path) -> None:
    entries = (AppendixEntry("Ann Ashby", "independent chair", "Panel 1"),
               AppendixEntry("Cy Cole & Co", "Medway councillor", "Across panels"))  # fmt: skip
    document = AppendixA("Northdown Adoption", MARKING, DAY, entries)
    word = docx_text(write_appendix_docx(document, tmp_path / "a.docx"))
    pdf = pdf_text(write_appendix_pdf(document, tmp_path / "a.pdf"))
    assert "24 November 2026: 2 members" in word and "24 November 2026: 2 members" in pdf
    assert pdf.index("Ann Ashby") < pdf.index("Cy Cole & Co")  # an ampersand is text, not markup
    assert "Across panels" in word and "Across panels" in pdf


def test_the_email_draft_is_unsent_and_attaches_what_it_is_given(tmp_path: Path) -> None:
    extract = CaseExtract(
        agency_name="Northdown Adoption",
        marking=MARKING,
        reference="KC/101",
        case_type="Match",
        household="Mr and Mrs Ashdown",
        local_authority="Medway",
        children=("RT",),
        panel="Panel 1",
        heard_on=DAY,
        outcome="Recommended",
        vote="6 for, 0 against, 0 abstaining (unanimous)",
        reasons="RT's needs are met.",
        advice="",
        minutes="Discussed RT's contact.",
        minutes_state="final",
    )
    draft = AdmEmailDraft(1, 2, "KC/101", "Dee Maker", "adm@example.org", "Recommendation: KC/101",
                          "Dear Dee Maker,", extract)  # fmt: skip
    out = write_adm_draft(draft, None, tmp_path / f"{draft.file_stem}.eml")
    assert out.name == "KC-101 for ADM decision.eml"
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "Dee Maker <adm@example.org>"
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == ["KC-101 panel recommendation.pdf"]  # no minutes document: none attached


def test_a_cancelled_sitting_is_struck_out_in_the_calendar(tmp_path: Path) -> None:
    entry = CalendarEntry(
        "meeting-7@panelapp", 2, "Panel 1", DAY, dt.time(10, 0), None, True, "", "", "Moved"
    )
    stamp = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    out = write_ics(CalendarSelection("Panel 1 sittings", "NAA", (entry,)), tmp_path / "p.ics", stamp)
    event = next(c for c in Calendar.from_ical(out.read_bytes()).walk() if c.name == "VEVENT")
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 2
    assert str(event["summary"]) == "CANCELLED: NAA Panel 1 adoption panel"
