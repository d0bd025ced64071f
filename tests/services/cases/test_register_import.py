"""Historic register import: 200 hearings in, then a file with one bad row changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AdmDecisionRecord, Case, DecisionMaker, Grading, Hearing, LocalAuthority, Meeting, Panel
from panelapp.services.cases import COLUMNS, RegisterImportError, import_register, import_register_file
from panelapp.services.context import ServiceContext


def _setup(ctx: ServiceContext) -> tuple[list[str], dict[str, list[str]], list[str]]:
    with ctx.read() as s:
        panels = list(s.scalars(select(Panel.name).order_by(Panel.name)))
        las = {la.name: [loc.name for loc in la.localities] for la in s.scalars(select(LocalAuthority))}
        adms = list(s.scalars(select(DecisionMaker.name).order_by(DecisionMaker.id)))
    return panels, las, adms


def register_rows(ctx: ServiceContext, count: int, prefix: str, start: date) -> list[dict[str, str]]:
    """`count` hearings; every tenth case is deferred and heard again a month later."""
    panels, las, adms = _setup(ctx)
    la_names = sorted(las)
    rows: list[dict[str, str]] = []
    n = 0
    while len(rows) < count:
        day = start + timedelta(days=7 * (n // 3))
        la = la_names[n % len(la_names)]
        locality = las[la][n % len(las[la])] if las[la] else ""
        case_type = ("approval", "match", "consent_plan", "deregistration")[n % 4]
        deferred = n % 10 == 0 and len(rows) + 2 <= count
        base = dict.fromkeys(COLUMNS, "")
        base |= {
            "reference": f"{prefix}-{n:04d}",
            "case_type": case_type,
            "panel": panels[n % len(panels)],
            "panel_date": day.isoformat() if n % 2 else day.strftime("%d/%m/%Y"),
            "local_authority": la,
            "locality": locality,
        }
        if case_type == "approval":
            base |= {
                "par_grade": "good",
                "adm_par_grade": "good",
                "stage2_start": (day - timedelta(90)).isoformat(),
            }
        if case_type == "match":
            base |= {"apr_grade": "outstanding", "cpr_grade": "requires_improvement"}
        if case_type == "deregistration":
            base |= {"outcome": "noted"}
        else:
            decided = day + timedelta(days=7)
            base |= {
                "outcome": "recommended",
                "vote_for": "6",
                "vote_against": "0",
                "adm": adms[0] if case_type == "approval" else "",
                "adm_decision": "agreed",
                "adm_decision_date": decided.isoformat(),
                "final_minutes_sent": (day + timedelta(days=3)).strftime("%d/%m/%Y"),
                "sw_notified": (decided + timedelta(days=1)).isoformat(),
                "letter_sent": "",  # not sent yet: an empty date is a step not taken
            }
        if deferred:
            first = base | {
                "outcome": "deferred",
                "adm": "",
                "adm_decision": "",
                "adm_decision_date": "",
                "final_minutes_sent": "",
                "sw_notified": "",
                "vote_for": "5",
                "vote_against": "1",
            }
            again = dict(base)
            again["panel_date"] = (day + timedelta(days=28)).isoformat()
            for key in ("adm_decision_date", "sw_notified"):
                again[key] = (date.fromisoformat(base[key]) + timedelta(days=28)).isoformat()
            again["final_minutes_sent"] = (day + timedelta(days=31)).isoformat()
            rows += [first, again]
        else:
            rows.append(base)
        n += 1
    return rows[:count]


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def imported_counts(ctx: ServiceContext) -> tuple[int, int]:
    with ctx.read() as s:
        cases = s.scalar(select(func.count(Case.id)).where(Case.imported.is_(True))) or 0
        hearings = s.scalar(select(func.count(Hearing.id)).join(Case).where(Case.imported.is_(True))) or 0
    return cases, hearings


def test_200_hearings_then_a_file_with_one_bad_row_leaves_exactly_the_200(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    good = tmp_path / "register.csv"
    rows = register_rows(demo_ctx, 200, "HIST", date(2021, 1, 5))
    distinct_cases = len({r["reference"] for r in rows})
    assert distinct_cases < 200  # some cases were deferred and heard twice
    good.write_text(to_csv(rows), encoding="utf-8")
    result = import_register_file(demo_ctx, good)
    assert result.hearings == 200 and result.rows == 200
    assert result.cases_created == distinct_cases
    cases_before, hearings_before = imported_counts(demo_ctx)
    assert (cases_before, hearings_before) == (distinct_cases, 200)
    with demo_ctx.read() as s:
        meetings_before = s.scalar(select(func.count(Meeting.id)))
        deferred = s.scalar(select(Case).where(Case.reference == "HIST-0000"))
        assert deferred is not None and [h.sequence for h in deferred.hearings] == [1, 2]
        assert deferred.status == "decided" and deferred.imported
        assert s.scalar(select(func.count(Grading.id)).where(Grading.source == "adm")) > 0
        record = s.scalar(select(AdmDecisionRecord).join(Hearing).where(Hearing.case_id == deferred.id))
        assert record is not None and record.letter_sent_on is None and record.decision == "agreed"
        assert s.scalar(select(Meeting.status).where(Meeting.date == date(2021, 1, 5))) == "held"

    more = register_rows(demo_ctx, 30, "LATER", date(2022, 6, 7))
    more[17]["local_authority"] = "Atlantis"
    bad = tmp_path / "more.csv"
    bad.write_text(to_csv(more), encoding="utf-8")
    with pytest.raises(RegisterImportError) as refused:
        import_register_file(demo_ctx, bad)
    assert [(p.row, p.column) for p in refused.value.problems] == [(19, "local_authority")]  # header is row 1
    assert "row 19, local_authority" in str(refused.value) and "Atlantis" in str(refused.value)
    assert imported_counts(demo_ctx) == (cases_before, hearings_before)
    with demo_ctx.read() as s:
        assert s.scalar(select(func.count(Meeting.id))) == meetings_before


def test_every_bad_row_and_column_is_named(demo_ctx: ServiceContext) -> None:
    rows = register_rows(demo_ctx, 6, "BAD", date(2021, 3, 2))
    rows[0]["case_type"] = "adoption"
    rows[1]["panel"] = "Panel 9"
    rows[2]["panel_date"] = "31/02/2021"
    rows[3]["par_grade"] = "excellent"
    rows[3]["adm"] = "Nobody Known"
    rows[4]["adm_decision_date"] = "2020-01-01"  # before the panel
    rows[5]["vote_for"] = "six"
    with pytest.raises(RegisterImportError) as refused:
        import_register(demo_ctx, to_csv(rows))
    named = {(p.row, p.column) for p in refused.value.problems}
    assert named == {
        (2, "case_type"),
        (3, "panel"),
        (4, "panel_date"),
        (5, "par_grade"),
        (5, "adm"),
        (6, "adm_decision_date"),
        (7, "vote_for"),
    }
    assert "6 rows need correcting" in str(refused.value)
    assert imported_counts(demo_ctx) == (0, 0)


def test_columns_must_be_exactly_the_register_columns(demo_ctx: ServiceContext) -> None:
    text = to_csv(register_rows(demo_ctx, 2, "COL", date(2021, 3, 2))).replace("stage2_start", "stage_2")
    with pytest.raises(RegisterImportError, match="missing column\\(s\\): stage2_start") as refused:
        import_register(demo_ctx, text)
    assert "unexpected column(s): stage_2" in str(refused.value)


def test_the_same_hearing_twice_and_a_second_import_of_the_same_file_are_refused(
    demo_ctx: ServiceContext,
) -> None:
    rows = register_rows(demo_ctx, 3, "TWICE", date(2021, 3, 2))
    with pytest.raises(RegisterImportError, match="the same hearing is already on row 2"):
        import_register(demo_ctx, to_csv([*rows, rows[0]]))
    import_register(demo_ctx, to_csv(rows))
    with pytest.raises(RegisterImportError, match="already recorded as heard"):
        import_register(demo_ctx, to_csv(rows))


def test_a_later_hearing_of_an_imported_case_is_added_as_the_next_in_sequence(
    demo_ctx: ServiceContext,
) -> None:
    rows = register_rows(demo_ctx, 1, "EXT", date(2021, 3, 2))
    rows[0] |= {"outcome": "deferred", "adm": "", "adm_decision": "", "adm_decision_date": ""}
    rows[0] |= {"final_minutes_sent": "", "sw_notified": ""}
    import_register(demo_ctx, to_csv(rows))
    later = dict(rows[0], panel_date="2021-04-06", outcome="recommended")
    result = import_register(demo_ctx, to_csv([later]))
    assert (result.cases_created, result.cases_extended, result.hearings) == (0, 1, 1)
    with demo_ctx.read() as s:
        case = s.scalar(select(Case).where(Case.reference == "EXT-0000"))
        assert case is not None and [h.sequence for h in case.hearings] == [1, 2]


def test_a_superscript_digit_in_a_vote_is_a_named_error_not_a_crash(demo_ctx: ServiceContext) -> None:
    """Found by the fuzz test: "²" counts as a digit to Python but is no number of votes."""
    import csv
    import io

    from panelapp.services.cases import COLUMNS, RegisterImportError, import_register

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), restval="")
    writer.writeheader()
    writer.writerow(
        {"reference": "SUP-1", "case_type": "approval", "panel": "Panel 1", "panel_date": "2019-01-08",
         "local_authority": "Kent", "outcome": "recommended", "vote_for": "²"}
    )  # fmt: skip
    with pytest.raises(RegisterImportError) as refused:
        import_register(demo_ctx, out.getvalue())
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "vote_for")]
