"""The case-type table: one row per case type, the same answers as before it existed, and
nothing outside it that branches on a case-type code.

The end-to-end proof that a new row is enough (booking, ADM route, report, agenda) is
tests/test_adding_a_case_type.py.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from panelapp.domain import case_types
from panelapp.domain import report_figures as fig
from panelapp.domain.case_types import AdmRoute, CaseTypeRow, ClockDate
from panelapp.domain.deadlines import is_qualifying_determination
from panelapp.domain.grading_policy import GRADED_PAPERS
from panelapp.domain.vocab import PAPER_LABELS, AdmDecision, CaseType, Outcome, Paper

ROOT = Path(__file__).resolve().parents[2]
ROWS = case_types.all_case_types()


def test_every_code_has_exactly_one_row_in_the_vocabulary_order() -> None:
    assert case_types.codes() == tuple(t.value for t in CaseType)
    assert len({row.label for row in ROWS}) == len(ROWS)
    assert all(type(row.code) is str for row in ROWS)  # plain codes, as the database stores them


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.code)
def test_each_row_is_consistent(row: CaseTypeRow) -> None:
    assert row.label and row.question and row.answers
    assert Outcome.DEFERRED not in row.outcomes  # any case may be deferred: not a type's answer
    assert all(words for _outcome, words in row.answers)
    assert set(row.default_papers) <= set(PAPER_LABELS)
    assert set(row.papers_graded) <= GRADED_PAPERS
    assert 0 < row.slot_minutes <= 240
    if row.papers_before_booking is not None:
        assert set(row.papers_before_booking.papers) <= set(row.default_papers)
    if row.adm_grades_par:
        assert Paper.PAR.value in row.papers_graded
    if row.qualifying_determination or row.counts_households:
        assert row.goes_to_adm
    if row.adm_route is AdmRoute.CHILD_LA:
        assert row.concerns_children  # routed through the child's local authority
    if row.noted_only:
        assert not row.counts_households and not row.qualifying_determination


def test_the_rows_say_what_the_separate_declarations_said() -> None:
    """The table replaced vocab's sets and dicts and a dozen comparisons: same answers."""

    def where(field: str) -> set[str]:
        return {row.code for row in ROWS if getattr(row, field)}

    assert set(case_types.routed_to(AdmRoute.AGENCY)) == {
        "approval",
        "brief_report",
        "review",
        "deregistration",
    }
    assert set(case_types.routed_to(AdmRoute.CHILD_LA)) == {"match", "consent_plan"}
    assert case_types.routed_to(AdmRoute.NONE) == ("disruption",)
    assert where("applicants_attend") == {"approval", "match"}
    assert where("concerns_children") == {"match", "consent_plan"}
    assert where("advice_on_children") == where("adm_grades_par") == {"approval"}
    assert where("counts_households") == {"approval"}
    # AAR 2005 reg 30B(5) (approval; brief report), reg 30D (review ending an approval).
    assert where("qualifying_determination") == {"approval", "brief_report", "review"}
    assert where("counts_by_area") == {"match"}
    assert {row.code: row.slot_minutes for row in ROWS} == {
        "approval": 60,
        "brief_report": 30,
        "match": 60,
        "consent_plan": 45,
        "review": 30,
        "deregistration": 20,
        "disruption": 45,
    }
    assert {row.code: row.default_papers for row in ROWS} == {
        "approval": ("PAR",),
        "brief_report": ("brief_PAR",),
        "match": ("APR", "CPR", "PAR"),
        "consent_plan": ("CPR", "health"),
        "review": ("review_report",),
        "deregistration": ("review_report",),
        "disruption": ("disruption_report",),
    }
    assert fig.graded_paper_case_types() == {
        "PAR": ("approval",),
        "CPR": ("match", "consent_plan"),  # domain.md: CPRs at matches and at consent plans
        "APR": ("match",),
    }
    assert [row.code for row in ROWS if row.noted_only] == ["deregistration", "disruption"]
    assert case_types.report_clauses() == (
        ("consent_plan", "Plans for adoption by consent heard"),
        ("deregistration", "De-registrations"),
        ("review", "Reviews of approval"),
    )
    assert case_types.get("consent_plan").papers_before_booking is not None
    assert [row.code for row in ROWS if row.papers_before_booking] == ["consent_plan"]


def test_answers_are_in_the_case_types_words() -> None:
    approval, review = case_types.get("approval"), case_types.get("review")
    assert approval.answer(Outcome.RECOMMENDED) == "Suitable to adopt"
    assert review.answer(Outcome.NOT_RECOMMENDED) == "Approval ends"
    assert (
        case_types.get("brief_report").answer(Outcome.RECOMMENDED) == "Agrees the applicants are not suitable"
    )
    assert case_types.get("deregistration").outcomes == (Outcome.NOTED,)
    assert review.answer(Outcome.DEFERRED) == "Deferred"  # no words of its own: the generic label


def test_lookups() -> None:
    assert case_types.label("match") == "Match"
    assert case_types.label("no_such_type") == "no_such_type"  # data from elsewhere, shown as is
    assert case_types.find("no_such_type") is None and not case_types.is_case_type("no_such_type")
    with pytest.raises(ValueError, match="'no_such_type' is not a case type"):
        case_types.get("no_such_type")


def test_routing_in_python_is_the_rule_the_sql_applies() -> None:
    """`routed_adm` (the register import, the demo) and the tracker's SQL read the same field."""
    for row in ROWS:
        chosen = row.routed_adm("agency ADM", "child's LA ADM")
        in_sql = "child's LA ADM" if row.code in case_types.routed_to(AdmRoute.CHILD_LA) else "agency ADM"
        assert chosen == in_sql


def test_only_a_qualifying_case_type_opens_the_representations_window() -> None:
    """The ADM deciding the row's adverse answer qualifies (agreeing with it, or not agreeing
    with the favourable one); no other case type ever does."""
    for row in ROWS:
        for outcome in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED):
            for decision in (AdmDecision.AGREED, AdmDecision.NOT_AGREED):
                decided = outcome if decision is AdmDecision.AGREED else _other(outcome)
                expected = row.adverse_answer is not None and decided is row.adverse_answer
                assert is_qualifying_determination(row.code, outcome, decision) is expected, (
                    row.code,
                    outcome,
                )


def _other(outcome: Outcome) -> Outcome:
    return Outcome.NOT_RECOMMENDED if outcome is Outcome.RECOMMENDED else Outcome.RECOMMENDED


def test_the_adverse_answers_are_the_regulations_qualifying_determinations() -> None:
    """AAR 2005 reg 30B(5): applicants not suitable (full assessment, or the panel agreeing
    with a brief report); reg 30D: an approval ended on review. Nothing else qualifies."""
    adverse = {row.code: row.adverse_answer for row in ROWS if row.adverse_answer is not None}
    assert adverse == {
        "approval": Outcome.NOT_RECOMMENDED,  # "Not suitable to adopt"
        "brief_report": Outcome.RECOMMENDED,  # "Agrees the applicants are not suitable"
        "review": Outcome.NOT_RECOMMENDED,  # "Approval ends"
    }
    for code, answer in adverse.items():
        assert answer in case_types.get(code).outcomes


def test_clock_dates_are_declared_per_case_type() -> None:
    """The case dialog shows, and the tracker counts, only the dates a case type has."""
    dates = {row.code: row.clock_dates for row in ROWS if row.clock_dates}
    assert dates == {
        "approval": (
            ClockDate.STAGE_TWO_STARTED,
            ClockDate.PAR_SENT,
            ClockDate.PAR_COMMENTS,
            ClockDate.APPROVAL_REVIEWED,
            ClockDate.CHILD_PLACED,
        ),
        "brief_report": (ClockDate.STAGE_TWO_STARTED, ClockDate.PAR_SENT, ClockDate.PAR_COMMENTS),
    }
    assert all(row.has_date(d) is (d in row.clock_dates) for row in ROWS for d in ClockDate)


# -- the guard: nothing outside the table branches on a case-type code ---------------------

SCANNED = ("panelapp", "ui", "db", "bench")
TABLE = "panelapp/domain/case_types.py"
CODES = frozenset(t.value for t in CaseType)

# Each entry: a module allowed to branch on case-type codes, and why.
ALLOWED: dict[str, str] = {
    "panelapp/demo.py": (
        "the invented agency's own data (the mix of case types; which of its cases have a "
        "stage 2 date, children, a placement order, attending applicants; its one forced "
        "deferral and ADM disagreement are approvals): choices of the demo, not rules the app "
        "follows. Its routing, papers, slots, grading and noted outcomes read the table."
    ),
}


def _is_case_type_member(node: ast.AST) -> bool:
    """`CaseType.X` or `CaseType.X.value`."""
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    return (
        isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "CaseType"
    )


def _names_a_case_type(node: ast.AST) -> bool:
    """A case-type member, a code as a string, or a literal collection holding one."""
    if _is_case_type_member(node):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value in CODES
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_names_a_case_type(element) for element in node.elts)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("frozenset", "set")
    ):
        return any(_names_a_case_type(arg) for arg in node.args)
    return False


def _branches(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(
            _names_a_case_type(side) for side in (node.left, *node.comparators)
        ):
            yield node.lineno, "compares with a case type"
        elif isinstance(node, ast.Set | ast.Tuple | ast.List) and any(map(_is_case_type_member, node.elts)):
            yield node.lineno, "a collection of case types (a branch table beside the table)"
        elif isinstance(node, ast.Dict) and any(k is not None and _is_case_type_member(k) for k in node.keys):
            yield node.lineno, "a dict keyed by case type (a column beside the table)"
        elif isinstance(node, ast.MatchValue) and _names_a_case_type(node.value):
            yield node.lineno, "a match case on a case type"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("in_", "notin_")
            and any(_names_a_case_type(arg) for arg in node.args)
        ):
            yield node.lineno, "an SQL IN over case types"


def _modules() -> Iterator[tuple[str, ast.AST]]:
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name != TABLE and "/migrations/versions/" not in name:
                yield name, ast.parse(path.read_text(encoding="utf-8"), name)


def test_nothing_outside_the_table_branches_on_a_case_type() -> None:
    found = [
        f"{name}:{line}: {why}"
        for name, tree in _modules()
        if name not in ALLOWED
        for line, why in _branches(tree)
    ]
    assert not found, "Read the case type's row in panelapp/domain/case_types.py instead:\n" + "\n".join(
        found
    )


def test_the_allow_list_is_still_needed() -> None:
    """An entry whose module no longer branches on a case type is removed, not kept."""
    trees = dict(_modules())
    assert all(any(_branches(trees[name])) for name in ALLOWED)


def test_the_guard_sees_the_ways_of_branching() -> None:
    source = """
if case.case_type == CaseType.APPROVAL: pass
if kind in (CaseType.MATCH, CaseType.CONSENT_PLAN): pass
if code != "consent_plan": pass
ATTEND = frozenset({CaseType.APPROVAL})
SLOTS = {CaseType.MATCH: 60}
query.where(Case.case_type.in_(("match", "consent_plan")))
match code:
    case "review": pass
"""
    assert {line for line, _why in _branches(ast.parse(source))} == {2, 3, 4, 5, 6, 7, 9}
    fine = (
        'label = row.label\nif row.counts_by_area: pass\nsettings["match"] = 1\nx = CaseType.APPROVAL.value\n'
    )
    assert not list(_branches(ast.parse(fine)))
