"""The case register: adding, editing (with conflicts), validation, search, deleting."""

from __future__ import annotations

import pytest

from panelapp.services import cases
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ValidationError
from tests.conftest import ADMIN
from tests.services.cases.support import TODAY, new_case


def test_a_new_match_gets_its_children_social_workers_and_paper_checklist(demo_ctx: ServiceContext) -> None:
    detail = new_case(demo_ctx, "NEW-1", "match", children=(cases.ChildData("ab", "Abby Brown"),))
    assert detail.child_initials == "AB"  # upper-cased
    assert detail.children[0].full_name == "Abby Brown"  # kept in the register only
    assert detail.local_authority == "Kent" and detail.locality
    assert [p.paper_type for p in detail.papers] == ["APR", "CPR", "PAR"]
    assert detail.social_workers[0].team == "Kent adoption team"
    listed = {r.reference: r for r in cases.list_cases(demo_ctx, today=TODAY)}
    assert listed["NEW-1"].child_initials == "AB" and listed["NEW-1"].type_label == "Match"


def test_bad_input_is_refused_with_every_field_named_and_nothing_saved(demo_ctx: ServiceContext) -> None:
    before = len(cases.list_cases(demo_ctx))
    bad = cases.CaseInput(
        reference="",
        case_type="match",
        children=(cases.ChildData("4!"),),
        social_workers=(cases.SocialWorkerData("child", "Jo", email="not-an-email"),),
    )
    with pytest.raises(ValidationError) as caught:
        cases.create_case(demo_ctx, bad)
    assert set(caught.value.field_errors) == {"reference", "child 1", "social worker 1"}
    assert len(cases.list_cases(demo_ctx)) == before


def test_duplicate_reference_and_missing_child_are_refused(demo_ctx: ServiceContext) -> None:
    new_case(demo_ctx, "DUP-1")
    with pytest.raises(ValidationError, match="already has the reference DUP-1"):
        new_case(demo_ctx, "DUP-1")
    with pytest.raises(ValidationError, match="needs the child"):
        new_case(demo_ctx, "PLAN-1", "consent_plan")


def test_a_stale_save_is_refused_naming_who_saved(demo_ctx: ServiceContext, tmp_path: object) -> None:
    detail = new_case(demo_ctx, "EDIT-1")
    base = cases.CaseInput(reference="EDIT-1", case_type="approval", household="First edit")
    first = cases.update_case(demo_ctx, detail.id, base, expected_version=detail.version)
    assert first.household == "First edit" and first.version == detail.version + 1
    with pytest.raises(ConflictError, match=ADMIN.username):
        cases.update_case(demo_ctx, detail.id, base, expected_version=detail.version)


def test_changing_the_type_updates_the_checklist(demo_ctx: ServiceContext) -> None:
    detail = new_case(demo_ctx, "TYPE-1")
    changed = cases.update_case(
        demo_ctx,
        detail.id,
        cases.CaseInput("TYPE-1", "consent_plan", children=(cases.ChildData("CD"),)),
        detail.version,
    )
    assert sorted(p.paper_type for p in changed.papers) == ["CPR", "health"]


def test_search_finds_by_reference_household_and_initials(demo_ctx: ServiceContext) -> None:
    new_case(demo_ctx, "FIND-ME", "match", children=(cases.ChildData("QZ"),), household="Zephyrine household")
    assert [r.reference for r in cases.list_cases(demo_ctx, "find-me")] == ["FIND-ME"]
    assert [r.reference for r in cases.list_cases(demo_ctx, "zephyrine")] == ["FIND-ME"]
    assert "FIND-ME" in [r.reference for r in cases.list_cases(demo_ctx, "qz")]


def test_a_heard_case_cannot_be_deleted_but_a_new_one_can(demo_ctx: ServiceContext) -> None:
    heard = next(r for r in cases.list_cases(demo_ctx) if r.status == "decided")
    with pytest.raises(ValidationError, match="has been heard"):
        cases.delete_case(demo_ctx, heard.id, heard.version)
    fresh = new_case(demo_ctx, "GONE-1")
    cases.delete_case(demo_ctx, fresh.id, fresh.version)
    assert "GONE-1" not in [r.reference for r in cases.list_cases(demo_ctx)]


def test_the_register_loads_in_one_query(demo_ctx: ServiceContext) -> None:
    from sqlalchemy import event

    assert demo_ctx.agency_id  # looked up once per context, before the screen loads
    statements: list[str] = []
    event.listen(demo_ctx.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    rows = cases.list_cases(demo_ctx, today=TODAY)
    assert len(rows) > 200
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_register_agenda_and_import_on_postgresql(pg_url: str) -> None:
    from datetime import date

    from db.engine import make_engine
    from db.migrate import upgrade_database
    from panelapp.services import agency
    from panelapp.services import cases as agenda
    from panelapp.services import cases as booking
    from panelapp.services.cases import import_register
    from tests.services.cases.test_register_import import register_rows, to_csv

    engine = make_engine(pg_url)
    upgrade_database(engine)
    ctx = ServiceContext(engine, ADMIN)
    try:
        agency.load_demo_data(ctx, until=TODAY)
        match = next(r for r in cases.list_cases(ctx, today=TODAY) if "," in r.child_initials)
        assert match.child_initials.count(",") == 1  # siblings' initials joined in SQL
        sitting = max(booking.bookable_sittings(ctx, TODAY), key=lambda s: s.booked)
        a = agenda.get_agenda(ctx, sitting.meeting_id, TODAY)
        a = agenda.move_slot(ctx, a.meeting_id, a.slots[-1].item_id, 0, a.version)
        assert a.slots[0].start == a.start
        result = import_register(ctx, to_csv(register_rows(ctx, 20, "PG", date(2021, 2, 2))))
        assert result.hearings == 20
    finally:
        engine.dispose()
