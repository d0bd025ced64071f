"""The chairs' report figures as hand-written SQL: one query per figure, nothing else.

This is the limit `report_stats` is measured against: the same answers, asked of the
database as directly as one can, with no ORM, no dataclasses and no second query for a
figure. The agency is found through its panels' sittings (the (panel, date) index leads
the plan; through case.agency_id SQLite walks every case of the agency), and "held"
sittings use a correlated EXISTS.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, bindparam, text

from panelapp.domain import case_types
from panelapp.domain import report_figures as fig
from panelapp.domain.deadlines import DECIDED


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
    "concurrence": _heard(
        "COUNT(*), SUM(CASE WHEN pg.grade = ag.grade THEN 1 ELSE 0 END)",
        joins="JOIN grading pg ON pg.hearing_id = h.id AND pg.paper_type = 'PAR' AND pg.source = 'panel' "
        "JOIN grading ag ON ag.hearing_id = h.id AND ag.paper_type = 'PAR' AND ag.source = 'adm'",
        where=f"AND {CASE_TYPE} IN {_in(_GRADED['PAR'])}",
    ),
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
    """Every figure's raw rows, one query each."""
    params = {"agency": agency_id, "d_from": d_from, "d_to": d_to}
    return {name: [tuple(r) for r in conn.execute(stmt, params)] for name, stmt in _STATEMENTS.items()}


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
    return {
        "cases_heard": heard == stats["cases_heard"],
        "gradings": graded == service_graded,
        "sittings": (int(held or 0), int(cancelled or 0))
        == (stats["sittings_held"], stats["sittings_cancelled"]),
        "matches": by_area == service_areas,  # children in recommended matches, area by area
    }
