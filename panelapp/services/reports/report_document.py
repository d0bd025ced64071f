"""The chairs' report as a document: every heading, sentence, table and chart decided once.

The Word and PDF renderers draw the same blocks, and the Reports view shows the same tables,
charts and sentences (the figure functions below), so none of them can drift apart. The
layout follows domain.md: sections 1 to 12 and Appendix A.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from panelapp.documents.blocks import Block, ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.chairs_report import APPENDIX_B_HEADING, APPENDIX_HEADING, ReportDocument
from panelapp.domain import case_types
from panelapp.domain import report_figures as fig
from panelapp.domain.periods import long_date, uk_date
from panelapp.domain.vocab import AdmDecision, Grade, Outcome
from panelapp.services.reports import report_text as text

if TYPE_CHECKING:
    from panelapp.services.reports.chairs_report import ChairsReport

NOTHING_RECORDED = "Nothing has been recorded for this section."


def subtitle(report: ChairsReport) -> str:
    return f"{report.panel_name}: {fig.period_words(report.period_from, report.period_to)}"


def report_document(report: ChairsReport) -> ReportDocument:
    """The report's blocks in order: document control, contents, sections 1 to 12, the appendices."""
    blocks: list[Block] = [Para(subtitle(report)), Heading("Document control", 2)]
    blocks.append(TableBlock(["Item", "Detail"], [list(row) for row in control_rows(report)]))
    blocks += [Heading("Contents", 2), Contents(), PageBreak()]
    blocks += _narrative(report, 1)
    blocks += _previous_recommendations(report)
    blocks += _membership(report)
    blocks += _cases(report)
    blocks += _quality(report)
    for number in range(6, 13):
        blocks += _narrative(report, number, _COMPUTED_FIRST.get(number, _none)(report))
    blocks += _appendix(report)
    blocks += [PageBreak(), Heading(APPENDIX_B_HEADING, 1), text.how_counted_table()]
    return ReportDocument(report.agency_name, report.marking, tuple(blocks))


def control_rows(report: ChairsReport) -> list[tuple[str, str]]:
    """Document control: what was saved, and for a blank field the agency's and the report's own."""
    saved = dict(report.narrative.document_control().rows())
    chairs = ", ".join(p.chair for p in report.panels if p.chair) or "The panel chairs"
    produced = uk_date(report.produced_on) if report.produced_on else ""
    defaults = {
        "Document owner": f"{report.agency_name}: panel team",
        "Authors": chairs,
        "Version": f"Draft produced {produced}" if produced else "Draft",
        "Date": produced,
        "Approved by": "Not yet approved",
    }
    return [(label, saved.get(label) or defaults.get(label, "")) for label, _ in saved.items()]


def _none(_report: ChairsReport) -> list[Block]:
    return []


def _training(report: ChairsReport) -> list[Block]:
    if not report.membership.training:
        return [Para("No training event is recorded in the period.", note=True)]
    return [text.training_table(report)]


def _disruptions(report: ChairsReport) -> list[Block]:
    return [Para(text.disruptions_text(report))]


# Computed figures said before the typed text of a narrative section.
_COMPUTED_FIRST: dict[int, Callable[[ChairsReport], list[Block]]] = {
    7: _training,
    9: _disruptions,
}


def _text_blocks(body: str) -> list[Block]:
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        return [Para(NOTHING_RECORDED, note=True)]
    return [Para(p) for p in paragraphs]


def _narrative(report: ChairsReport, number: int, computed: list[Block] | None = None) -> list[Block]:
    section = next(s for s in fig.NARRATIVE_SECTIONS if s.number == number)
    blocks: list[Block] = [Heading(f"{number}. {section.title}", 1), *(computed or [])]
    if section.chair_comments:
        comments = report.narrative.chair_comments()
        if not comments:
            return [*blocks, Para(NOTHING_RECORDED, note=True)]
        figures = {p.panel_id: p for p in report.panels}
        for comment in comments:
            blocks.append(Heading(comment.heading, 2))
            if comment.panel_id in figures:  # that panel's own figures, then the chair's words
                blocks.append(Para(text.panel_text(figures[comment.panel_id])))
            blocks += _text_blocks("" if comment.carried_from else comment.body)
        return blocks
    return blocks + _text_blocks(report.narrative.body(section.code))


def _previous_recommendations(report: ChairsReport) -> list[Block]:
    """Section 2: last period's recommendations (its section 12) until an update is saved."""
    found = report.narrative.text("previous_recommendations")
    blocks: list[Block] = [Heading(f"2. {fig.section_title(2)}", 1)]
    if found is None or not found.body.strip():
        return [*blocks, Para("The last report made no recommendations that are recorded.", note=True)]
    if found.carried_from is not None:
        start, end = found.carried_from
        blocks.append(
            Para(
                f"The recommendations of the report for {fig.period_words(start, end)}, "
                "carried forward: the update on each is still to be written.",
                note=True,
            )
        )
    return blocks + _text_blocks(found.body)


def _membership(report: ChairsReport) -> list[Block]:
    members = report.membership
    blocks: list[Block] = [
        Heading(f"3. {fig.section_title(3)}", 1),
        Para(
            f"On {long_date(report.period_to)} the central list had {len(members.appendix)} "
            "members; they are listed in Appendix A."
        ),
        Para(text.membership_text(report)),
    ]
    if not members.changes:
        return [*blocks, Para("There were no changes to the membership in the period.", note=True)]
    return [*blocks, changes_table(report)]


def _type_label(code: str) -> str:
    return case_types.label(code)


# -- the figures as tables, charts and sentences (the Reports view shows the same) ----------


def cases_table(report: ChairsReport) -> TableBlock:
    stats, by_type = report.stats, report.detail.outcomes_by_type
    codes = [o.value for o in Outcome]
    rows = [
        [_type_label(t), str(n), *(str(by_type.get(t, {}).get(o, 0)) for o in codes)]
        for t, n in stats.heard_by_type.items()
    ]
    totals = [sum(by_type.get(t, {}).get(o, 0) for t in stats.heard_by_type) for o in codes]
    rows.append(["Total", str(stats.cases_heard), *(str(n) for n in totals)])
    return TableBlock(["Case type", "Heard", *(Outcome(o).label for o in codes)], rows)


def cases_chart(report: ChairsReport) -> ChartSpec:
    heard = report.stats.heard_by_type
    return ChartSpec(
        "Cases heard by type",
        [_type_label(t) for t in heard],
        [("Hearings", list(heard.values()))],
        "Figure 1: cases heard by type",
    )


def areas_table(report: ChairsReport) -> TableBlock:
    areas = report.stats.matches_by_area
    rows = [[area, str(n)] for area, n in areas.items()] + [["Total", str(sum(areas.values()))]]
    return TableBlock(["Area", "Children matched"], rows)


def areas_chart(report: ChairsReport) -> ChartSpec:
    areas = report.stats.matches_by_area
    return ChartSpec(
        "Matches by area",
        list(areas),
        [("Children matched", list(areas.values()))],
        "Figure 2: children matched, by locality or local authority",
    )


def adm_table(report: ChairsReport) -> TableBlock:
    adm = report.stats.adm
    rows = [[AdmDecision(code).label, str(adm.get(code, 0))] for code in fig.ADM_CODES]
    rows.append(["Total", str(sum(int(adm.get(code, 0)) for code in fig.ADM_CODES))])
    # Decided after the period is part of the decisions above: said in adm_text, not a row.
    return TableBlock(["ADM decision", "Hearings"], rows)


def _grade_rows(columns: list[dict[str, int]]) -> list[list[str]]:
    rows = [[Grade(g).label, *(str(c.get(g, 0)) for c in columns)] for g in fig.GRADE_CODES]
    rows.append(["Total", *(str(sum(c.values())) for c in columns)])
    return rows


GRADE_LABELS = [Grade(g).label for g in fig.GRADE_CODES]


def par_table(report: ChairsReport) -> TableBlock:
    gradings = report.stats.gradings
    return TableBlock(
        ["Grade", "Panel", "ADM"], _grade_rows([gradings["panel"]["PAR"], gradings["adm"]["PAR"]])
    )


def par_chart(report: ChairsReport) -> ChartSpec:
    gradings = report.stats.gradings
    return ChartSpec(
        "PAR grades: panel and ADM",
        GRADE_LABELS,
        [
            ("Panel", [gradings["panel"]["PAR"][g] for g in fig.GRADE_CODES]),
            ("ADM", [gradings["adm"]["PAR"][g] for g in fig.GRADE_CODES]),
        ],
        "Figure 3: grades given to PARs",
    )


def match_table(report: ChairsReport) -> TableBlock:
    panel, adm = report.stats.gradings["panel"], report.stats.gradings["adm"]
    headers, columns = ["Grade"], []
    for paper in ("APR", "CPR"):
        headers.append(f"{paper} (panel)")
        columns.append(panel[paper])
        if sum(adm[paper].values()):  # the ADM rarely grades match papers: only when they did
            headers.append(f"{paper} (ADM)")
            columns.append(adm[paper])
    return TableBlock(headers, _grade_rows(columns))


def match_chart(report: ChairsReport) -> ChartSpec:
    panel = report.stats.gradings["panel"]
    return ChartSpec(
        "Match paperwork grades",
        GRADE_LABELS,
        [(f"{paper} (panel)", [panel[paper][g] for g in fig.GRADE_CODES]) for paper in ("APR", "CPR")],
        "Figure 4: grades given to APRs and CPRs (CPRs at matches and at consent plans)",
    )


def headline_text(report: ChairsReport) -> str:
    stats = report.stats
    return (
        f"{stats.cases_heard} cases were heard at {stats.sittings_held} sittings in the period; "
        f"{stats.sittings_cancelled} sittings were cancelled."
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def households_text(report: ChairsReport) -> str:
    stats, not_agreed = report.stats, report.detail.not_agreed_households
    less = f", less {not_agreed} not agreed by the ADM" if not_agreed else ""
    return (
        f"{_count(stats.households_approved, 'household was', 'households were')} approved "
        f"(households recommended for approval in the period{less}). "
        f"{_count(stats.deferred, 'hearing was', 'hearings were')} deferred. A case "
        "deferred and heard again counts each time it is heard, but once as a household."
    )


def other_types_text(report: ChairsReport) -> str:
    """One clause per case type whose row has one (case_types.ReportClause), in its order."""
    heard = report.stats.heard_by_type
    return " ".join(f"{words}: {heard.get(code, 0)}." for code, words in case_types.report_clauses())


def concurrence_text(report: ChairsReport) -> str:
    detail = report.detail
    if not detail.concurrence_compared:
        return "No PAR in the period was graded by both the panel and the ADM."
    return (
        f"The ADM's grade of the PAR was the same as the panel's for {detail.concurrence_equal} "
        f"of the {detail.concurrence_compared} PARs graded by both: "
        f"{fig.percent_text(report.stats.adm_grade_concurrence_pct)} of the time."
    )


ADM_NOTE = (
    "Decisions on the period's recommendations (recommended or not recommended), as known on "
    "the day this report was produced; pending means no decision is recorded yet."
)


def changes_table(report: ChairsReport) -> TableBlock:
    rows = [[c.label, c.name, c.role, uk_date(c.on)] for c in report.membership.changes]
    return TableBlock(["Change", "Name", "Role", "Date"], rows)


def appendix_table(report: ChairsReport) -> TableBlock:
    return TableBlock(
        ["Name", "Role", "Panel"], [[r.name, r.role, r.panel] for r in report.membership.appendix]
    )


def _cases(report: ChairsReport) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"4. {fig.section_title(4)}", 1),
        Para(headline_text(report)),
        cases_table(report),
        cases_chart(report),
        Heading("Adopter approvals", 2),
        Para(households_text(report)),
        Para(other_types_text(report)),
        Para(text.sittings_text(report)),
        Heading("Children matched and plans for adoption by consent", 2),
        Para(text.children_text(report)),
        Heading("Matches by area", 2),
        areas_table(report),
    ]
    if report.stats.matches_by_area:
        blocks.append(areas_chart(report))
    return [
        *blocks,
        Heading("Agency Decision Maker's decisions", 2),
        Para(ADM_NOTE),
        adm_table(report),
        Para(text.adm_text(report)),
    ]


def _quality(report: ChairsReport) -> list[Block]:
    compared = bool(report.detail.concurrence_compared)
    return [
        Heading(f"5. {fig.section_title(5)}", 1),
        Heading("Approvals: Prospective Adopter's Reports (PAR)", 2),
        par_table(report),
        par_chart(report),
        Para(concurrence_text(report), note=not compared),
        Para(text.differences_text(report)),
        Para(text.capped_text(report)),
        Heading(
            "Matches and plans for adoption by consent: Adoption Placement Reports (APR) and "
            "Child Permanence Reports (CPR)",
            2,
        ),
        match_table(report),
        match_chart(report),
    ]


def _appendix(report: ChairsReport) -> list[Block]:
    blocks: list[Block] = [
        PageBreak(),
        Heading(APPENDIX_HEADING, 1),
        Para(f"Members on {long_date(report.period_to)}, in surname order.", note=True),
    ]
    if not report.membership.appendix:
        return [*blocks, Para("No members are recorded.", note=True)]
    return [*blocks, appendix_table(report)]
