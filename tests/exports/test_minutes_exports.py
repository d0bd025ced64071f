"""Exported minutes (Word and PDF, full and the ADM extract) and the grading summary, opened and read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from db.models import CaseChild, Hearing
from panelapp import clock
from panelapp.cli import main as cli_main
from panelapp.domain import case_types
from panelapp.domain.periods import long_date
from panelapp.services import panel_day
from panelapp.services.admin import save_user
from panelapp.services.context import ServiceContext, os_account
from panelapp.services.errors import NotFound
from panelapp.services.panel_day import (
    DaySheet,
    RecommendationForm,
    export_grading_summary,
    export_minutes,
    minutes,
)
from tests.services.panel_day.support import on_the_day, walkthrough_sitting


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    parts += [p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)]
    return "\n".join(parts)


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _recorded_sitting(ctx: ServiceContext) -> tuple[DaySheet, dict[str, str]]:
    """Every case at the walk-through sitting has a recommendation with its own reasons."""
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))  # business is recorded on or after the day
    reasons = {}
    for case in sheet.cases:
        reasons[case.reference] = f"Reasons for {case.reference}: the panel was satisfied."
        outcome = "noted" if case.case_type == "deregistration" else "recommended"
        form = RecommendationForm(outcome, 6, 0, 0, reasons[case.reference])
        panel_day.record_recommendation(ctx, case.hearing_id, form)
    doc = minutes.open_minutes(ctx, sheet.meeting_id)
    minutes.refresh_recorded_facts(ctx, sheet.meeting_id, doc.version)
    return sheet, reasons


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_exported_minutes_hold_every_cases_recommendation_and_reasons(
    demo_ctx: ServiceContext, tmp_path: Path, fmt: str
) -> None:
    sheet, reasons = _recorded_sitting(demo_ctx)
    out = export_minutes(demo_ctx, sheet.meeting_id, fmt, tmp_path / f"minutes.{fmt}")
    if fmt == "docx":
        text = _docx_text(out)
        assert "OFFICIAL-SENSITIVE" in text
    else:
        pages = _pdf_pages(out)
        assert all("OFFICIAL-SENSITIVE" in page for page in pages)
        text = "\n".join(pages)
    flat = " ".join(text.split())
    for reference, reason in reasons.items():
        assert reference in flat and reason in flat
    for case in sheet.cases:  # each outcome in its case type's words (issue 16)
        row = case_types.get(case.case_type)
        assert f"Recommendation: {row.answer(row.outcomes[0])}." in flat
    assert "(DRAFT)" in flat


def test_the_adm_extract_holds_one_case_and_the_attendance(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    sheet, reasons = _recorded_sitting(demo_ctx)
    wanted, other = sheet.cases[0].reference, sheet.cases[1].reference
    out = export_minutes(demo_ctx, sheet.meeting_id, "pdf", tmp_path / "extract.pdf", wanted)
    flat = " ".join(" ".join(_pdf_pages(out)).split())
    assert "Agency Decision Maker" in flat and reasons[wanted] in flat
    assert other not in flat and "Attendance, apologies and quorum" in flat
    with pytest.raises(NotFound, match="was not heard at this sitting"):
        export_minutes(demo_ctx, sheet.meeting_id, "pdf", tmp_path / "x.pdf", "NO-SUCH-CASE")


def test_children_appear_by_initials_even_if_a_full_name_is_typed(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    case = sheet.cases[0]
    with demo_ctx.write(minutes.Permission.EDIT_CASES) as session:
        case_id = session.scalar(select(Hearing.case_id).where(Hearing.id == case.hearing_id))
        session.add(CaseChild(case_id=case_id, initials="ZQ", full_name="Zebedee Quartermaine"))
    doc = minutes.open_minutes(demo_ctx, sheet.meeting_id)
    section = next(s for s in doc.sections if s.hearing_id == case.hearing_id)
    typed = section.body + "\nZebedee Quartermaine settled well; Zebedee enjoys football."
    minutes.save_minutes(demo_ctx, sheet.meeting_id, {section.id: typed}, doc.version)
    flat = _docx_text(export_minutes(demo_ctx, sheet.meeting_id, "docx", tmp_path / "m.docx"))
    assert "Zebedee" not in flat and "Quartermaine" not in flat
    assert "ZQ settled well; ZQ enjoys football." in flat


def test_final_minutes_name_the_chair_who_signed(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    sheet, _ = _recorded_sitting(demo_ctx)
    doc = minutes.load_minutes(demo_ctx, sheet.meeting_id)
    assert doc is not None
    sent = minutes.send_to_chair(demo_ctx, sheet.meeting_id, doc.version)
    minutes.sign_off(demo_ctx, sheet.meeting_id, sent.version, chair_name="Rosa Chair")
    flat = _docx_text(export_minutes(demo_ctx, sheet.meeting_id, "docx", tmp_path / "final.docx"))
    assert f"Signed as a true record by the chair: Rosa Chair, {long_date(clock.today())}" in flat
    assert "(DRAFT)" not in flat


def test_cli_writes_minutes_and_explains_a_missing_case(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet, reasons = _recorded_sitting(demo_ctx)
    _signed_in_as_adviser(demo_ctx)
    db = f"sqlite:///{tmp_path / 'panelapp.sqlite3'}"
    out = tmp_path / "cli.docx"
    assert (
        cli_main(["--db", db, "minutes", str(sheet.meeting_id), "--format", "docx", "--out", str(out)]) == 0
    )
    assert all(r in _docx_text(out) for r in reasons.values())
    code = cli_main(["--db", db, "minutes", str(sheet.meeting_id), "--out", str(out), "--case", "NOPE"])
    assert code == 1 and "Case NOPE was not heard" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_grading_summary_has_tables_chart_and_comments(
    demo_ctx: ServiceContext, tmp_path: Path, fmt: str
) -> None:
    out = export_grading_summary(
        demo_ctx, date(2026, 4, 1), date(2026, 9, 30), None, "team", fmt, tmp_path / f"g.{fmt}"
    )
    if fmt == "docx":
        doc = Document(str(out))
        assert len(doc.inline_shapes) == 1  # the bar chart
        text = _docx_text(out)
    else:
        reader = PdfReader(str(out))
        assert any(page.images for page in reader.pages)
        text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Grades by paper type" in flat and "Area team" in flat and "North Kent" in flat
    assert "Clear analysis of the applicants' strengths." in flat
    assert "The ADM's grade agreed with the panel's" in flat


def test_minutes_written_without_the_prefilled_facts_still_carry_each_recommendation(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    """Demo (and historic) minutes hold only discussion text; the export adds the records."""
    from pypdf import PdfReader
    from sqlalchemy import select

    from db.models import Hearing, Minutes, Recommendation
    from panelapp.cli import main as cli_main

    with demo_ctx.read() as session:
        meeting_id = session.scalars(select(Minutes.meeting_id).order_by(Minutes.meeting_id)).first()
        reasons = session.scalars(
            select(Recommendation.reasons)
            .join(Hearing, Hearing.id == Recommendation.hearing_id)
            .where(Hearing.meeting_id == meeting_id)
        ).all()
    assert meeting_id is not None and reasons
    _signed_in_as_adviser(demo_ctx)
    out = tmp_path / "minutes.pdf"
    url = demo_ctx.engine.url.render_as_string(hide_password=False)
    assert cli_main(["--db", url, "minutes", str(meeting_id), "--format", "pdf", "--out", str(out)]) == 0
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(out).pages)
    assert text.count("Reasons:") >= len(reasons)
    for reason in reasons:
        assert " ".join(reason.split()) in text


def _signed_in_as_adviser(ctx: ServiceContext) -> None:
    """The command line signs in as the computer's account (issue 18): make it the adviser's.
    An account the database does not know is a viewer, who may not export circulated minutes."""
    save_user(ctx, os_account(), "adviser", "Test Adviser")
