"""The report's queries start from the period's sittings, never from every case of a type.

On SQLite an index on case.case_type would let the planner start from every approval (or
match) in the database: every agency, every year. That is correct but walks a national
database for each figure. The query plans are checked here (plans, not timings).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from panelapp.services.context import ServiceContext
from panelapp.services.reports import hearing_facts, statistics
from tests.conftest import DEMO_UNTIL

# Outcomes, households and ADM decisions are counted from the facts' rows (issue 21).
STATEMENTS = {
    "facts": lambda p: hearing_facts._facts_stmt(p),
    "gradings": lambda p: statistics._gradings_stmt(p),
}


def _plan(ctx: ServiceContext, stmt: Any, params: dict[str, Any]) -> list[str]:
    sql = stmt.params(**params).compile(ctx.engine, compile_kwargs={"literal_binds": True})
    with ctx.engine.connect() as conn:
        return [str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


@pytest.mark.parametrize("with_panel", [False, True])
@pytest.mark.parametrize("figure", list(STATEMENTS))
def test_sqlite_plans_start_from_the_sittings(
    demo_ctx: ServiceContext, figure: str, with_panel: bool
) -> None:
    scope = statistics.ReportScope(
        demo_ctx.agency_id, date(DEMO_UNTIL.year, 4, 1), date(DEMO_UNTIL.year, 9, 30), 1
    )
    plan = _plan(demo_ctx, STATEMENTS[figure](with_panel), statistics._params(scope))
    assert plan, "no plan"
    assert not any("ix_case_case_type" in step for step in plan), plan
    first_table = next(step for step in plan if step.startswith(("SEARCH", "SCAN")))
    assert first_table.startswith("SEARCH meeting"), plan
    with demo_ctx.read() as session:  # and the statement still runs
        session.execute(STATEMENTS[figure](with_panel), statistics._params(scope)).all()
