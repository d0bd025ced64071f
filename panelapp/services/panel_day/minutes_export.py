"""What an exported set of minutes holds: the full minutes of a sitting, or one case's extract.

The extract is what goes to the Agency Decision Maker: the attendance section and that case's
section. Children appear by initials only: any child's full or given name typed into the
minutes is replaced by their initials before the text leaves the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from db.models import Case, CaseChild, Hearing
from panelapp.domain.periods import long_date
from panelapp.domain.privacy import scrub_children
from panelapp.services.agency.setup import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound
from panelapp.services.panel_day.minutes import load_minutes
from panelapp.services.panel_day.minutes_prefill import OUTCOME_START, case_outcome_lines
from panelapp.services.panel_day.sheet import day_sheet


@dataclass(frozen=True)
class ExportSection:
    title: str
    lines: tuple[str, ...]
    reference: str = ""


@dataclass(frozen=True)
class MinutesExport:
    agency_name: str
    marking: str
    title: str
    panel_name: str
    date: date
    start_time: time
    venue: str
    state_label: str
    signed_off: str
    sections: tuple[ExportSection, ...]
    case_reference: str | None

    @property
    def details(self) -> list[tuple[str, str]]:
        return [
            ("Panel", self.panel_name),
            ("Date", long_date(self.date)),
            ("Time", f"{self.start_time:%H:%M}"),
            ("Venue", self.venue or "Not recorded"),
            ("Status", self.state_label),
            ("Signed off", self.signed_off or "Not yet signed off"),
        ]


def minutes_for_export(
    ctx: ServiceContext, meeting_id: int, case_reference: str | None = None
) -> MinutesExport:
    doc = load_minutes(ctx, meeting_id)
    if doc is None:
        raise NotFound("No minutes have been written for this sitting yet. Open Panel day to start them.")
    sheet = day_sheet(ctx, meeting_id)
    agency = agency_summary(ctx)
    with ctx.read() as session:
        rows = session.execute(
            select(Hearing.id, CaseChild.full_name, CaseChild.initials)
            .join(Case, Case.id == Hearing.case_id)
            .join(CaseChild, CaseChild.case_id == Case.id)
            .where(Hearing.meeting_id == meeting_id)
        ).all()
    children = [(full, initials) for _h, full, initials in rows if full]
    references = {c.hearing_id: c.reference for c in sheet.cases}
    wanted = None
    if case_reference is not None:
        wanted = next(
            (c.hearing_id for c in sheet.cases if c.reference.lower() == case_reference.lower()), None
        )
        if wanted is None:
            raise NotFound(
                f"Case {case_reference} was not heard at this sitting. "
                f"Cases at it: {', '.join(references.values()) or 'none'}."
            )
    cases_by_hearing = {c.hearing_id: c for c in sheet.cases}

    def body_of(hearing_id: int | None, body: str) -> str:
        # The recommendation, vote and reasons always go out with the case, from the records,
        # even where the section's text was written before (or without) the pre-filled facts.
        case = cases_by_hearing.get(hearing_id) if hearing_id else None
        if case is not None and OUTCOME_START not in body:
            body = body.rstrip() + "\n\n" + "\n".join(case_outcome_lines(case))
        return body

    sections = tuple(
        ExportSection(
            scrub_children(s.title, children),
            tuple(scrub_children(body_of(s.hearing_id, s.body), children).rstrip().splitlines()),
            references.get(s.hearing_id, "") if s.hearing_id else "",
        )
        for s in doc.sections
        if wanted is None or s.hearing_id in (None, wanted)
    )
    what = (
        "Minutes"
        if wanted is None
        else f"Extract of the minutes for the Agency Decision Maker: {case_reference}"
    )
    draft = "" if doc.locked else f" ({doc.state_label.upper()})"
    signed = ""
    if doc.signed_off_by and doc.signed_off_on:
        signed = f"{doc.signed_off_by}, {long_date(doc.signed_off_on)}"
    return MinutesExport(
        agency_name=agency.name if agency else "",
        marking=agency.marking if agency else "OFFICIAL-SENSITIVE",
        title=f"{what}: {sheet.panel_name}, {long_date(sheet.date)}{draft}",
        panel_name=sheet.panel_name,
        date=sheet.date,
        start_time=sheet.start_time,
        venue=sheet.venue,
        state_label=doc.state_label,
        signed_off=signed,
        sections=sections,
        case_reference=case_reference if wanted is not None else None,
    )


def label_and_text(line: str) -> tuple[str, str]:
    """'Reasons: text' -> ('Reasons:', ' text') so exports can bold the label."""
    found = re.match(r"^([A-Z][A-Za-z' ()]{1,40}:)(.*)$", line)
    return (found.group(1), found.group(2)) if found else ("", line)
