"""Every document kind PanelApp circulates, built once from the demo agency, Word and PDF.

A member is renamed "Zoë Łukasiewicz-Nguyễn" (Latin Extended-A and Vietnamese) so each file
shows whether names print as typed; she sits at the sitting whose agenda, minutes and ADM
extract are written, she is on the central list in the chairs' report's Appendix A, and a
grading comment names her in the grading summary (which names no members otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select, update

from db.models import Grading, Hearing, Meeting, Member
from panelapp import clock
from panelapp.services import panel_day
from panelapp.services.cases import export_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import (
    RecommendationForm,
    export_grading_summary,
    export_minutes,
    minutes,
)
from panelapp.services.reports import export_chairs_report
from tests.services.panel_day.support import on_the_day, walkthrough_sitting

ZOE = ("Zoë", "Łukasiewicz-Nguyễn")
ZOE_NAME = " ".join(ZOE)
PERIOD = (date(2026, 4, 1), date(2026, 9, 30))
KINDS = ("agenda", "minutes", "adm_extract", "grading_summary", "chairs_report")
FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class DocumentSet:
    files: dict[tuple[str, str], Path]  # (kind, fmt) -> file
    agency_name: str
    references: tuple[str, ...]  # the sitting's case references
    sitting_date: date


def build_documents(ctx: ServiceContext, folder: Path) -> DocumentSet:
    sheet = walkthrough_sitting(ctx)
    member_id = next(a.member_id for a in sheet.attendance if a.is_member)
    _rename(ctx, member_id)
    try:
        sheet = on_the_day(ctx, sheet)
        for case in sheet.cases:
            outcome = "noted" if case.case_type == "deregistration" else "recommended"
            form = RecommendationForm(
                outcome, 6, 0, 0, f"Reasons for {case.reference}: the panel was satisfied."
            )
            panel_day.record_recommendation(ctx, case.hearing_id, form)
        doc = minutes.open_minutes(ctx, sheet.meeting_id)
        minutes.refresh_recorded_facts(ctx, sheet.meeting_id, doc.version)
        files: dict[tuple[str, str], Path] = {}
        for fmt in FORMATS:
            files["agenda", fmt] = export_agenda(ctx, sheet.meeting_id, fmt, folder / f"agenda.{fmt}")
            files["minutes", fmt] = export_minutes(ctx, sheet.meeting_id, fmt, folder / f"minutes.{fmt}")
            files["adm_extract", fmt] = export_minutes(
                ctx, sheet.meeting_id, fmt, folder / f"adm_extract.{fmt}", sheet.cases[0].reference
            )
            files["grading_summary", fmt] = export_grading_summary(
                ctx, *PERIOD, None, "local_authority", fmt, folder / f"grading_summary.{fmt}"
            )
            files["chairs_report", fmt] = export_chairs_report(
                ctx, *PERIOD, None, fmt, folder / f"chairs_report.{fmt}"
            )
    finally:
        clock.reset()
    with ctx.read() as session:
        from db.models import Agency

        agency = session.get(Agency, ctx.agency_id)
        assert agency is not None
        name = agency.name
    return DocumentSet(files, name, tuple(c.reference for c in sheet.cases), sheet.date)


def _rename(ctx: ServiceContext, member_id: int) -> None:
    """Test data set-up: the member's name, and a grading comment in the period naming her."""
    with ctx.engine.begin() as conn:
        conn.execute(update(Member).where(Member.id == member_id).values(first_name=ZOE[0], last_name=ZOE[1]))
        grading_id = conn.scalar(
            select(Grading.id)
            .join(Hearing, Hearing.id == Grading.hearing_id)
            .join(Meeting, Meeting.id == Hearing.meeting_id)
            .where(Meeting.date.between(*PERIOD), Grading.source == "panel")
            .order_by(Meeting.date)
            .limit(1)
        )
        assert grading_id is not None
        conn.execute(
            update(Grading)
            .where(Grading.id == grading_id)
            .values(strengths=f"Clear health section, as {ZOE_NAME} (medical adviser) noted.")
        )
