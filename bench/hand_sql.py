"""The chairs' report figures as hand-written SQL: one query per figure, nothing else.

This is the limit `report_stats` is measured against: the same answers, asked of the
database as directly as one can, with no ORM, no dataclasses and no second query for a
figure. The agency is found through its panels' sittings (the (panel, date) index leads
the plan; through case.agency_id SQLite walks every case of the agency), and "held"
sittings use a correlated EXISTS. Figures counted in statutory working days or months
(the ADM's targets, the four-month cap) fetch the dates and count them with
panelapp.domain.workdays / add_months, as the service does: SQL has no bank holidays.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, bindparam, text

from panelapp.domain import case_types
from panelapp.domain import report_figures as fig
from panelapp.domain.deadlines import DECIDED
from panelapp.domain.grading_policy import add_months
from panelapp.domain.report_counting import DIFFERENCE_CODES, grade_difference
from panelapp.domain.vocab import AttendanceStatus, CaseType
from panelapp.domain.workdays import WorkingDayCalendar


def _in(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_FROM_HEARD = """
FROM hearing h
JOIN meeting m ON m.id = h.meeting_id
JOIN "case" c ON c.id = h.case_id
LEFT JOIN recommendation r ON r.hearing_id = h.id
{joins}
WHERE m.panel_id IN (SELECT id FROM panel WHERE agency_id = :agency)
  AND m.date >= :d_from AND m.date <= :d_to
  AND m.status <> 'cancelled'
  AND h.status <> 'withdrawn'
  AND (h.status = 'heard' OR r.id IS NOT NULL)
  {where}
"""


def _heard(select_list: str, joins: str = "", where: str = "", group: str = "") -> str:
    return f"SELECT {select_list} {_FROM_HEARD.format(joins=joins, where=where)} {group}"


# "|| ''" keeps SQLite off the case-type index: through it SQLite would start from every
# case of that type in the database (every agency, ten years) instead of the period's sittings.
CASE_TYPE = "(c.case_type || '')"
_GRADED = fig.graded_paper_case_types()
_PAPER_FILTER = " OR ".join(
    f"(g.paper_type = '{paper}' AND {CASE_TYPE} IN {_in(types)})" for paper, types in _GRADED.items()
)
_HOUSEHOLD_TYPES = _in(case_types.codes(lambda row: row.counts_households))
_AREA_TYPES = _in(case_types.codes(lambda row: row.counts_by_area))
# Children in the case: each sibling counts; a case that concerns children counts at least one
# (report_counting.children_in_case).
_RECORDED_CHILDREN = "(SELECT COUNT(*) FROM case_child cc WHERE cc.case_id = c.id)"
_AT_LEAST_ONE = _in(case_types.codes(lambda row: row.concerns_children))
_CHILDREN = (
    f"CASE WHEN c.case_type IN {_AT_LEAST_ONE} AND {_RECORDED_CHILDREN} = 0 THEN 1 "
    f"ELSE {_RECORDED_CHILDREN} END"
)
_DECIDED = _in(sorted(d.value for d in DECIDED))
# The case types these figures are defined on (panelapp.domain.report_counting's rules).
_MATCH = CaseType.MATCH.value
_CONSENT = CaseType.CONSENT_PLAN.value
_DISRUPTION = CaseType.DISRUPTION.value
_ATTENDED = _in([AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value])
_RECORDED = _in([s.value for s in AttendanceStatus if s is not AttendanceStatus.INVITED])
# A hearing heard in the report other than h, of h's case, earlier (by date, then id) and on
# or after paper p's due date: an unbooked paper counts at the first such hearing.
_EARLIER_HEARD = """
SELECT 1 FROM hearing h2
JOIN meeting m2 ON m2.id = h2.meeting_id
LEFT JOIN recommendation r2 ON r2.hearing_id = h2.id
WHERE h2.case_id = c.id
  AND m2.panel_id IN (SELECT id FROM panel WHERE agency_id = :agency)
  AND m2.date >= :d_from AND m2.date <= :d_to AND m2.date >= p.due_on
  AND (m2.date < m.date OR (m2.date = m.date AND h2.id < h.id))
  AND m2.status <> 'cancelled' AND h2.status <> 'withdrawn'
  AND (h2.status = 'heard' OR r2.id IS NOT NULL)
"""

QUERIES: dict[str, str] = {
    "outcomes_by_type": _heard(
        "c.case_type, COALESCE(r.outcome, ''), COUNT(*)", group="GROUP BY c.case_type, r.outcome"
    ),
    "households": _heard(
        "COUNT(DISTINCT CASE WHEN a.decision = 'not_agreed' THEN NULL ELSE c.id END), "
        "COUNT(DISTINCT CASE WHEN a.decision = 'not_agreed' THEN c.id END)",
        joins="LEFT JOIN adm_decision a ON a.hearing_id = h.id",
        where=f"AND {CASE_TYPE} IN {_HOUSEHOLD_TYPES} AND r.outcome = 'recommended'",
    ),
    # Children in matches recommended, by area (issue 17: children, not hearings).
    "matches_by_area": _heard(
        f"la.name, loc.name, SUM({_CHILDREN})",
        joins="LEFT JOIN local_authority la ON la.id = c.local_authority_id "
        "LEFT JOIN locality loc ON loc.id = c.locality_id",
        where=f"AND {CASE_TYPE} IN {_AREA_TYPES} AND r.outcome = 'recommended'",
        group="GROUP BY la.name, loc.name",
    ),
    "adm": _heard(
        "COALESCE(a.decision, 'pending'), COUNT(*), "
        f"SUM(CASE WHEN a.decided_on > :d_to AND a.decision IN {_DECIDED} THEN 1 ELSE 0 END)",
        joins="LEFT JOIN adm_decision a ON a.hearing_id = h.id",
        where=f"AND r.outcome IN {_in(fig.OUTCOMES_FOR_ADM)}",
        group="GROUP BY COALESCE(a.decision, 'pending')",
    ),
    "gradings": _heard(
        "g.source, g.paper_type, g.grade, COUNT(*)",
        joins="JOIN grading g ON g.hearing_id = h.id",
        where=f"AND ({_PAPER_FILTER})",
        group="GROUP BY g.source, g.paper_type, g.grade",
    ),
    # Issue 17's figures. Children matched, in consent plans, matched inter-agency.
    "children": _heard(
        f"SUM(CASE WHEN c.case_type = '{_MATCH}' THEN {_CHILDREN} ELSE 0 END), "
        f"SUM(CASE WHEN c.case_type = '{_CONSENT}' THEN {_CHILDREN} ELSE 0 END), "
        f"SUM(CASE WHEN c.case_type = '{_MATCH}' AND c.inter_agency THEN {_CHILDREN} ELSE 0 END)",
        where=f"AND {CASE_TYPE} IN {_in([_MATCH, _CONSENT])} AND r.outcome = 'recommended'",
    ),
    # ADM decisions: the dates their working-day targets are counted from and to, and whether
    # further information was asked for first (a request recorded, or noted on the decision).
    "adm_dates": _heard(
        "a.decided_on, a.minutes_sent_on, "
        "(SELECT MAX(f.provided_on) FROM adm_further_information f WHERE f.adm_decision_id = a.id), "
        "a.sw_notified_on, a.letter_sent_on, "
        "EXISTS (SELECT 1 FROM adm_further_information f WHERE f.adm_decision_id = a.id) "
        "OR LOWER(a.notes) LIKE '%further information requested%', "
        "(SELECT adm_decision_wd FROM agency WHERE id = :agency), "
        "(SELECT sw_notification_wd FROM agency WHERE id = :agency), "
        "(SELECT written_confirmation_wd FROM agency WHERE id = :agency)",
        joins="JOIN adm_decision a ON a.hearing_id = h.id",
        where=f"AND a.decision IN {_DECIDED}",
    ),
    # PARs graded by the panel at approvals: the ADM's grade (differences, concurrence) and the
    # dates the four-month cap is counted from and to.
    "pars": _heard(
        "pg.grade, ag.grade, c.stage2_start, m.date, "
        "(SELECT par_grade_cap_after_months FROM agency WHERE id = :agency)",
        joins="JOIN grading pg ON pg.hearing_id = h.id AND pg.paper_type = 'PAR' AND pg.source = 'panel' "
        "LEFT JOIN grading ag ON ag.hearing_id = h.id AND ag.paper_type = 'PAR' AND ag.source = 'adm'",
        where=f"AND {CASE_TYPE} IN {_in(_GRADED['PAR'])}",
    ),
    # Papers received after their due date (or not by the sitting): a booked paper at its
    # hearing, an unbooked one at its case's first hearing heard on or after the due date.
    "late_papers": _heard(
        "COUNT(*)",
        joins="JOIN case_paper p ON p.case_id = c.id",
        where="AND p.due_on IS NOT NULL "
        "AND (p.received_on > p.due_on OR (p.received_on IS NULL AND m.date > p.due_on)) "
        "AND (p.hearing_id = h.id OR (p.hearing_id IS NULL AND p.due_on <= m.date "
        f"AND NOT EXISTS ({_EARLIER_HEARD})))",
    ),
    "vice_chair": _heard(
        "COUNT(DISTINCT m.id)",
        where="AND h.chaired_by_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM panel pc WHERE pc.id = m.panel_id AND pc.chair_id = h.chaired_by_id)",
    ),
    "attendance": f"""
SELECT SUM(CASE WHEN at.status IN {_ATTENDED} THEN 1 ELSE 0 END), COUNT(*)
FROM attendance at
WHERE at.status IN {_RECORDED} AND at.meeting_id IN ({_heard("h.meeting_id")})
""",
    "sittings": """
SELECT
  SUM(CASE WHEN m.status = 'held' OR (m.status <> 'cancelled' AND EXISTS (
        SELECT 1 FROM hearing h LEFT JOIN recommendation r ON r.hearing_id = h.id
        WHERE h.meeting_id = m.id AND (h.status = 'heard' OR r.id IS NOT NULL)))
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN m.status = 'cancelled' THEN 1 ELSE 0 END)
FROM meeting m JOIN panel p ON p.id = m.panel_id
WHERE p.agency_id = :agency AND m.date >= :d_from AND m.date <= :d_to
""",
}

_STATEMENTS = {
    name: text(sql).bindparams(bindparam("d_from", type_=Date), bindparam("d_to", type_=Date))
    for name, sql in QUERIES.items()
}


def hand_statistics(conn: Connection, agency_id: int, d_from: date, d_to: date) -> dict[str, list[Any]]:
    """Every figure's raw rows, one query each; the working-day and month figures counted."""
    params = {"agency": agency_id, "d_from": d_from, "d_to": d_to}
    rows = {name: [tuple(r) for r in conn.execute(stmt, params)] for name, stmt in _STATEMENTS.items()}
    rows["adm_on_time"] = [_adm_on_time(rows["adm_dates"])]
    rows["par_figures"] = [_par_figures(rows["pars"])]
    return rows


def _day(value: Any) -> Any:
    """A date column as fetched (SQLite gives text through a plain connection)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _adm_on_time(rows: list[Any]) -> tuple[int, ...]:
    """(decided on time, timed, social worker told on time, timed, letter on time, timed,
    further information asked then decided), in statutory working days (bank holidays)."""
    calendar = WorkingDayCalendar.statutory()
    deadlines: dict[tuple[date, int], date] = {}  # many decisions share a date

    def add(start: date, days: int) -> date:
        found = deadlines.get((start, days))
        if found is None:
            found = deadlines[(start, days)] = calendar.add_working_days(start, days)
        return found

    counts = [0] * 7
    for decided, sent, provided, told, letter, asked, decision_wd, sw_wd, letter_wd in rows:
        decided, sent, provided = _day(decided), _day(sent), _day(provided)
        told, letter = _day(told), _day(letter)
        start = max(sent, provided) if sent and provided else sent or provided
        for i, (begin, done, days) in enumerate(
            ((start, decided, decision_wd), (decided, told, sw_wd), (decided, letter, letter_wd))
        ):
            if begin is not None and done is not None:
                counts[2 * i] += done <= add(begin, days)
                counts[2 * i + 1] += 1
        counts[6] += bool(asked)
    return tuple(counts)


def _par_figures(rows: list[Any]) -> tuple[dict[str, int], int]:
    """(PARs graded by both, by difference; PARs the four-month cap applied to)."""
    differences = dict.fromkeys(DIFFERENCE_CODES, 0)
    capped = 0
    for panel, adm, stage2, day, cap in rows:
        if adm:
            differences[grade_difference(panel, adm)] += 1
        if stage2 and cap > 0 and _day(day) > add_months(_day(stage2), cap):
            capped += 1
    return differences, capped


def count_by_type(conn: Connection, agency_id: int, d_from: date, d_to: date) -> dict[str, int]:
    """The single 'count hearings by type' query."""
    stmt = text(_heard("c.case_type, COUNT(*)", group="GROUP BY c.case_type")).bindparams(
        bindparam("d_from", type_=Date), bindparam("d_to", type_=Date)
    )
    rows = conn.execute(stmt, {"agency": agency_id, "d_from": d_from, "d_to": d_to})
    return {t: int(n) for t, n in rows}


def agrees_with_service(hand: dict[str, list[Any]], stats: dict[str, Any]) -> dict[str, bool]:
    """Whether the hand-written answers match the service's figures (a wrong fast query is no limit)."""
    heard = sum(int(r[2]) for r in hand["outcomes_by_type"])
    graded = sum(int(r[3]) for r in hand["gradings"])
    service_graded = sum(
        n for papers in stats["gradings"].values() for grades in papers.values() for n in grades.values()
    )
    held, cancelled = hand["sittings"][0]
    by_area: dict[str, int] = {}
    for la, loc, n in hand["matches_by_area"]:
        by_area[fig.area_name(la, loc)] = by_area.get(fig.area_name(la, loc), 0) + int(n)
    service_areas = {name: n for name, n in stats["matches_by_area"].items() if n}
    disruptions = sum(int(n) for t, _, n in hand["outcomes_by_type"] if t == _DISRUPTION)
    deferred = sum(int(n) for _, outcome, n in hand["outcomes_by_type"] if outcome == "deferred")
    adm = fig.adm_outcomes(
        {code: int(n) for code, n, _ in hand["adm"]}, sum(int(x or 0) for *_, x in hand["adm"])
    )
    children = tuple(int(n or 0) for n in (hand["children"][0] if hand["children"] else (0, 0, 0)))
    on_time, timed, told, told_timed, letter, letter_timed, asked = hand["adm_on_time"][0]
    differences, capped = hand["par_figures"][0]
    attended, expected = (int(n or 0) for n in hand["attendance"][0])
    s_adm = stats["adm"]
    return {
        "cases_heard": heard == stats["cases_heard"],
        "gradings": graded == service_graded,
        "sittings": (int(held or 0), int(cancelled or 0))
        == (stats["sittings_held"], stats["sittings_cancelled"]),
        "matches": by_area == service_areas,  # children in recommended matches, area by area
        "households": int(hand["households"][0][0] or 0) == stats["households_approved"],
        "deferred": deferred == stats["deferred"],
        "adm_outcomes": all(s_adm[k] == n for k, n in adm.items()),
        "children": children
        == (stats["children_matched"], stats["children_consent_plans"], stats["inter_agency_matches"]),
        "adm_on_time": (
            fig.percentage(on_time, timed),
            fig.percentage(told, told_timed),
            fig.percentage(letter, letter_timed),
            asked,
        )
        == (
            s_adm["on_time_pct"],
            s_adm["sw_notification_on_time_pct"],
            s_adm["written_confirmation_on_time_pct"],
            s_adm["further_info_then_decided"],
        ),
        "grading_differences": differences == stats["grading_differences"],
        "concurrence": fig.percentage(differences["same"], sum(differences.values()))
        == stats["adm_grade_concurrence_pct"],
        "pars_capped": capped == stats["pars_capped"],
        "late_papers": int(hand["late_papers"][0][0] or 0) == stats["late_papers"],
        "vice_chair": int(hand["vice_chair"][0][0] or 0) == stats["sittings_chaired_by_vice_chair"],
        "attendance": fig.percentage(attended, expected) == stats["attendance_pct"],
        "disruptions": disruptions == stats["disruptions"],
        "cases_per_sitting": (round(heard / int(held), 1) if held else None) == stats["cases_per_sitting"],
    }
