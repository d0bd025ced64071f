"""The chairs' report's sentences that carry its computed figures (issue 17).

Every figure the report computes is said in words where a reader looks for it: children in
section 4, grade differences and the four-month rule in section 5, appraisals, training and
attendance in section 3, training in 7, disruptions in 9, each panel's own figures in 10.
The Word and PDF documents and the Reports view read the same sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from panelapp.documents.blocks import TableBlock
from panelapp.domain import report_counting as counting
from panelapp.domain import report_figures as fig
from panelapp.domain.periods import long_date, uk_date

if TYPE_CHECKING:
    from panelapp.services.reports.chairs_report import ChairsReport, PanelFigures


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def children_text(report: ChairsReport) -> str:
    s = report.stats
    matches = sum(
        1 for h in report.detail.hearings if counting.RULES_BY_KEY["children_matched"].contribution(h)
    )
    return (
        f"{count(s.children_matched, 'child was', 'children were')} matched with adopters "
        f"({count(matches, 'match', 'matches')} recommended; a sibling group of two counts as two). "
        f"{count(s.inter_agency_matches, 'child was', 'children were')} matched with another "
        f"agency's adopters (inter-agency). Plans for adoption by consent were recommended for "
        f"{count(s.children_consent_plans, 'child', 'children')}."
    )


def adm_text(report: ChairsReport) -> str:
    adm, d = report.stats.adm, report.detail
    decided = int(adm.get("agreed", 0)) + int(adm.get("not_agreed", 0))
    asked = count(int(adm.get("further_info_then_decided", 0)), "case", "cases")
    timed = (
        f"{fig.percent_text(adm.get('on_time_pct'))} of the decisions with the date the final minutes "
        f"were sent ({d.decided_on_time} of {d.decisions_timed}) were made within the working-day "
        "target after the minutes (or the further information asked for) were sent."
        if d.decisions_timed
        else "No decision has the date the final minutes were sent, so the working-day target "
        "cannot be measured."
    )
    return (
        f"The ADM made {count(decided, 'decision', 'decisions')} on the period's recommendations; "
        f"{count(int(adm.get('decided_after_period', 0)), 'was', 'were')} made after "
        f"{long_date(report.period_to)} (already counted above, not in addition). The ADM asked for "
        f"further information and then decided in {asked}. " + timed + " " + notifications_text(report)
    )


def _told_text(report: ChairsReport, pct_key: str, rules: tuple[str, str], dated: str, done: str) -> str:
    on_time, timed = (counting.count(counting.RULES_BY_KEY[k], report.detail.hearings) for k in rules)
    if not timed:
        return f"No decision has the date {dated}, so that target cannot be measured."
    pct = fig.percent_text(report.stats.adm.get(pct_key))
    return f"{pct} of the decisions with the date {dated} ({on_time} of {timed}) were {done}."


def notifications_text(report: ChairsReport) -> str:
    """Statutory guidance 2013 ch 3: the social worker told, then the applicants in writing."""
    return " ".join(
        (
            _told_text(
                report,
                "sw_notification_on_time_pct",
                ("adm.sw_notified_on_time", "adm.sw_notifications_timed"),
                "the social worker was told",
                "told to the social worker within the working-day target after the decision",
            ),
            _told_text(
                report,
                "written_confirmation_on_time_pct",
                ("adm.written_confirmation_on_time", "adm.written_confirmations_timed"),
                "the letter to the applicants was sent",
                "confirmed to the applicants in writing within the working-day target",
            ),
        )
    )


def differences_text(report: ChairsReport) -> str:
    diff = report.stats.grading_differences
    compared = sum(diff.values())
    if not compared:
        return "No PAR in the period was graded by both the panel and the ADM."
    return (
        f"Of the {count(compared, 'PAR', 'PARs')} graded by both, the ADM gave the same grade to "
        f"{diff.get('same', 0)}, one grade higher to {diff.get('one_higher', 0)}, one grade lower to "
        f"{diff.get('one_lower', 0)} and a grade more than one apart to {diff.get('more', 0)}."
    )


def capped_text(report: ChairsReport) -> str:
    n = report.stats.pars_capped
    return (
        f"{count(n, 'PAR', 'PARs')} reached panel more than four months (the agency's setting) after "
        "Stage 2 started, so could not be graded Good or Outstanding under the four-month rule."
    )


def sittings_text(report: ChairsReport) -> str:
    s = report.stats
    per = "not applicable" if s.cases_per_sitting is None else f"{s.cases_per_sitting:.1f}"
    return (
        f"Cases per sitting (mean): {per}. A vice chair chaired at "
        f"{count(s.sittings_chaired_by_vice_chair, 'sitting', 'sittings')}. "
        f"{count(s.late_papers, 'paper was', 'papers were')} received after the papers deadline."
    )


def membership_text(report: ChairsReport) -> str:
    m, s = report.membership, report.stats
    attended, expected = report.detail.attendance
    genders = ", ".join(f"{name} {n}" for name, n in sorted(m.genders.items()))
    diversity = (
        f" Diversity, where members have recorded it (gender): {genders}."
        if genders
        else " No member has recorded diversity information."
    )
    attendance = (
        f"Members attended {fig.percent_text(s.attendance_pct)} of the sittings they were expected "
        f"at ({attended} of {expected} places recorded at the sittings where cases were heard). "
        if expected
        else "No attendance is recorded at the sittings where cases were heard. "
    )
    return (
        f"{count(m.appraised, 'member had an appraisal', 'members had their appraisal')} in the period. "
        + attendance
        + f"{count(len(m.training), 'training event was', 'training events were')} held in the period."
        + diversity
    )


def training_table(report: ChairsReport) -> TableBlock:
    rows = [[t.title, uk_date(t.held_on), str(t.attended)] for t in report.membership.training]
    return TableBlock(["Training", "Date", "Members attending"], rows)


def disruptions_text(report: ChairsReport) -> str:
    n = report.stats.disruptions
    return f"{count(n, 'disruption report was', 'disruption reports were')} heard in the period."


def panel_text(p: PanelFigures) -> str:
    per = "not applicable" if p.cases_per_sitting is None else f"{p.cases_per_sitting:.1f}"
    return (
        f"{p.name}: {count(p.held, 'sitting', 'sittings')} held, {p.cancelled} cancelled; "
        f"{count(p.cases_heard, 'case', 'cases')} heard ({per} a sitting); a vice chair chaired at "
        f"{count(p.vice_chair_sittings, 'sitting', 'sittings')}; "
        f"{count(p.late_papers, 'paper', 'papers')} received late."
    )


def how_counted_table() -> TableBlock:
    rows = [[label, how] for label, how in fig.HOW_COUNTED]
    rows += [[rule.label[:1].upper() + rule.label[1:], rule.how] for rule in counting.FIGURE_RULES]
    return TableBlock(["Figure", "How it is counted"], rows)
