"""Agency files: the three example setups, refusals naming the line, idempotent loading."""

from __future__ import annotations

import itertools
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.models import Base, Member, MemberPanel, Panel
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import MARKING, SettingRefused, check, declared
from panelapp.domain.recurrence import parse_rule
from panelapp.services import agency
from panelapp.services.agency import AgencyFileError, agency_policy, agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.sittings import generate_meetings, list_meetings

AGENCIES = Path(__file__).resolve().parents[3] / "resources" / "agencies"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def snapshot(ctx: ServiceContext) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, including the audit log: equal snapshots mean nothing changed."""
    out = {}
    with ctx.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1')).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def load(ctx: ServiceContext, name: str) -> agency.LoadReport:
    return agency.load_agency_file(ctx, AGENCIES / name)


# -- the three example agencies -------------------------------------------------------


def test_four_monthly_panels_sit_one_a_week_with_bank_holidays_moved(empty_ctx: ServiceContext) -> None:
    report = load(empty_ctx, "four_monthly_panels.toml")
    assert report.created_agency
    assert agency_summary(empty_ctx) is not None
    generate_meetings(empty_ctx, *YEAR)
    rows = list_meetings(empty_ctx, *YEAR)
    assert len(rows) == 48
    by_panel: dict[str, list[date]] = {}
    for r in rows:
        by_panel.setdefault(r.panel, []).append(r.date)
    assert sorted(by_panel) == ["Panel 1", "Panel 2", "Panel 3", "Panel 4"]
    for dates in by_panel.values():
        assert len(dates) == 12 and len({d.month for d in dates}) == 12
    # Different weeks: in every month the four sittings fall in four different weeks.
    for month in range(1, 13):
        weeks = {r.date.isocalendar().week for r in rows if r.rule_date and r.rule_date.month == month}
        assert len(weeks) == 4
    moved = {(r.panel, r.rule_date, r.date) for r in rows if r.rule_date != r.date}
    assert moved == {
        ("Panel 1", date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday
        ("Panel 1", date(2026, 5, 4), date(2026, 5, 5)),  # Early May bank holiday
        ("Panel 4", date(2026, 5, 25), date(2026, 5, 26)),  # Spring bank holiday
        ("Panel 4", date(2026, 12, 28), date(2026, 12, 29)),  # Boxing Day (substitute day)
    }
    easter = next(r for r in rows if r.date == date(2026, 4, 7))
    assert "Easter Monday" in easter.status_reason
    assert all(r.status == "scheduled" for r in rows)
    for r in rows:
        nth = ("1st", "2nd", "3rd", "4th")[int(r.panel[-1]) - 1]
        assert r.rule_date is not None and parse_rule(f"monthly {nth} Monday").matches(r.rule_date)
    panel4 = next(r for r in rows if r.panel == "Panel 4")
    assert "6 are needed for a joint panel" in panel4.reasons[0]


def test_one_fortnightly_panel_every_other_thursday_and_christmas_closure(empty_ctx: ServiceContext) -> None:
    load(empty_ctx, "one_fortnightly_panel.toml")
    generate_meetings(empty_ctx, *YEAR)
    rows = list_meetings(empty_ctx, *YEAR)
    assert len(rows) == 26
    assert {r.panel for r in rows} == {"Adoption Panel"}
    assert rows[0].date == date(2026, 1, 8) and rows[0].start == time(13, 30)
    for before, after in itertools.pairwise(rows[:-1]):
        assert (after.date - before.date).days == 14
    last = rows[-1]
    assert (last.rule_date, last.date) == (date(2026, 12, 24), date(2026, 12, 29))
    assert "agency closure day" in last.status_reason
    policy = agency_policy(empty_ctx)
    assert (policy.quorum_min, policy.papers_deadline_wd, policy.dbs_recheck_years) == (5, 10, 3)
    assert policy.closure_days == (date(2026, 12, 24), date(2026, 12, 31))


def test_two_panels_with_three_chairs_sharing_them(empty_ctx: ServiceContext) -> None:
    report = load(empty_ctx, "two_panels_three_chairs.toml")
    assert sorted(report.new_members) == ["Alex Carter", "Jo Reid", "Sam Patel"]
    generate_meetings(empty_ctx, *YEAR)
    rows = list_meetings(empty_ctx, *YEAR)
    assert len(rows) == 24
    assert {r.date.day <= 7 for r in rows if r.panel == "North Panel"} == {True}
    assert {15 <= r.date.day <= 21 for r in rows if r.panel == "South Panel"} == {True}
    cancelled = [r for r in rows if r.status == "cancelled"]
    assert [(r.panel, r.date) for r in cancelled] == [("South Panel", date(2026, 12, 16))]
    assert cancelled[0].quorate is None
    assert "agency closure day" in cancelled[0].status_reason
    with empty_ctx.read() as session:
        panels = {p.name: p for p in session.scalars(select(Panel))}
        sam = session.scalar(select(Member).where(Member.last_name == "Patel"))
        assert sam is not None
        assert panels["North Panel"].vice_chair_id == sam.id == panels["South Panel"].vice_chair_id
        assert panels["North Panel"].chair_id != panels["South Panel"].chair_id
        assert sam.home_panel_id == panels["North Panel"].id
        assert session.scalar(select(MemberPanel.panel_id).where(MemberPanel.member_id == sam.id)) == (
            panels["South Panel"].id
        )
    # Independent member not required by this agency: no such reason anywhere.
    assert not any("independent" in reason for r in rows for reason in r.reasons)
    # Sam Patel, vice chair of both, is invited to every sitting of both panels.
    assert all(
        r.quorate is False and "Not quorate under regulation 6: only 2 members" in r.reasons[0]
        for r in rows
        if r.status != "cancelled"
    )


# -- idempotent, all-or-nothing ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in AGENCIES.glob("*.toml")))
def test_loading_the_same_file_twice_changes_nothing(empty_ctx: ServiceContext, name: str) -> None:
    load(empty_ctx, name)
    before = snapshot(empty_ctx)
    again = load(empty_ctx, name)
    assert not again.changed and not again.created_agency
    assert "no changes" in again.lines()[0]
    assert snapshot(empty_ctx) == before


BAD_FILE = """\
[agency]
name = "Test Agency"

[[panels]]
name = "Panel A"
rule = "monthly 1st Tuesday"

[[panels]]
name = "Panel B"
rule = "monthly 5th Tuesday"
start = "25:00"

[policy]
quorum_min = "five"
colour = "blue"
"""


def test_refused_file_names_each_line_and_changes_nothing(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD_FILE)
    before = snapshot(demo_ctx)
    with pytest.raises(AgencyFileError) as caught:
        agency.load_agency_file(demo_ctx, path)
    message = str(caught.value)
    assert "nothing was changed" in message
    assert 'Line 10: Could not understand "monthly 5th Tuesday"' in message
    assert 'Line 11: start must be a time written "HH:MM"' in message
    assert "Line 14: quorum_min must be a whole number" in message
    assert 'Line 15: "colour" is not a setting of [policy]' in message
    assert set(caught.value.field_errors) == {"line 10", "line 11", "line 14", "line 15"}
    assert snapshot(demo_ctx) == before


def test_toml_syntax_error_names_its_line(empty_ctx: ServiceContext) -> None:
    with pytest.raises(AgencyFileError, match="Line 3: this is not valid TOML"):
        agency.load_agency_text(empty_ctx, '[agency]\nname = "A"\nmarking = = "x"\n')
    assert agency_summary(empty_ctx) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[agency]\nshort_name = "X"\n', "Line 1: the agency needs a name"),
        (
            '[agency]\nname = "A"\n[agency_extra]\nx = 1\n',
            'Line 3: "agency_extra" is not a setting of the file',
        ),
        ('[agency]\nname = "A"\n[[panels]]\nname = "P"\n', "Line 3: each panel needs a rule"),
        (
            '[agency]\nname = "A"\n[[panels]]\nname = "P"\nrule = "weekly Monday"\njoint = "yes"\n',
            "Line 6: joint",
        ),
        ('[agency]\nname = "A"\n[policy]\nnon_working_day = "skip"\n', "Line 4: non_working_day must be"),
        (
            '[agency]\nname = "A"\n[policy]\nclosure_days = ["2026-02-30"]\n',
            'Line 4: closure_days must list real dates: "2026-02-30" is not one',
        ),
        (
            '[agency]\nname = "A"\n[policy]\nquorum_min = 50\n',
            "Line 4: quorum_min must be between 5 and 20, not 50",
        ),
        (
            '[agency]\nname = "A"\n[[local_authorities]]\nname = "L"\n[[local_authorities]]\nname = "L"\n',
            "Line 6: L is listed twice",
        ),
    ],
)
def test_each_kind_of_bad_value_is_refused_with_its_line(
    empty_ctx: ServiceContext, body: str, expected: str
) -> None:
    with pytest.raises(AgencyFileError) as caught:
        agency.load_agency_text(empty_ctx, body)
    assert expected in str(caught.value)
    assert agency_summary(empty_ctx) is None


def test_missing_keys_take_the_defaults(empty_ctx: ServiceContext) -> None:
    agency.load_agency_text(
        empty_ctx, '[agency]\nname = "Tiny Agency"\n[[panels]]\nname = "Panel"\nrule = "weekly Friday"\n'
    )
    setup = agency.read_agency_setup(empty_ctx)
    assert (setup.short_name, setup.marking) == ("TA", "OFFICIAL-SENSITIVE")
    assert setup.policy == agency_policy(empty_ctx)
    assert setup.policy.quorum_min == 5 and setup.policy.non_working_day == "next_working_day"
    (panel,) = setup.panels
    assert (panel.start, panel.max_cases, panel.joint) == (time(9, 30), 6, False)
    assert panel.rule_description == "Every Friday"


def test_chair_named_by_email_or_name_uses_the_existing_member(demo_ctx: ServiceContext) -> None:
    with demo_ctx.read() as session:
        chair = session.scalar(select(Member).where(Member.email.is_not(None)).order_by(Member.id))
        assert chair is not None
        email, name, count = chair.email, chair.full_name, session.query(Member).count()
    assert email is not None
    body = (
        '[agency]\nname = "Northdown Regional Adoption Agency"\nshort_name = "NRAA"\n'
        f'[[panels]]\nname = "Panel 1"\nrule = "monthly 1st Tuesday"\nchair = "{email.upper()}"\n'
        f'teams_link = "https://teams.microsoft.com/l/meetup-join/demo-panel-1"\n'
        f'[[panels]]\nname = "Panel 2"\nrule = "monthly 2nd Tuesday"\nchair = "{name}"\n'
        f'teams_link = "https://teams.microsoft.com/l/meetup-join/demo-panel-2"\n'
    )
    report = agency.load_agency_text(demo_ctx, body)
    assert not report.created_agency and report.new_members == ()
    with demo_ctx.read() as session:
        assert session.query(Member).count() == count
        panels = {p.name: p for p in session.scalars(select(Panel))}
        assert panels["Panel 1"].chair_id == chair.id == panels["Panel 2"].chair_id


def test_a_name_shared_by_two_members_is_refused_and_nothing_changes(demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        first = session.scalar(select(Member).order_by(Member.id))
        assert first is not None
        session.add(Member(agency_id=first.agency_id, first_name=first.first_name, last_name=first.last_name))
        name = first.full_name
    before = snapshot(demo_ctx)
    body = (
        '[agency]\nname = "Northdown Regional Adoption Agency"\n'
        f'[[panels]]\nname = "Panel 9"\nrule = "weekly Monday"\nchair = "{name}"\n'
    )
    with pytest.raises(AgencyFileError, match=f"Line 6: 2 members are called {name}"):
        agency.load_agency_text(demo_ctx, body)
    assert snapshot(demo_ctx) == before


def test_cli_load_says_who_was_added(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "agency", "load", str(AGENCIES / "two_panels_three_chairs.toml")]) == 0
    out = capsys.readouterr().out
    assert "Created Riverbend Adoption Partnership" in out
    assert "3 people were added to the central list: Alex Carter, Sam Patel, Jo Reid" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('[agency]\nname = "X"\n\n[policy]\ndbs_recheck_years = 0\n')
    assert main(["--db", url, "agency", "load", str(bad)]) == 1
    assert "Line 5: dbs_recheck_years must be between 1 and 10" in capsys.readouterr().err


# -- the Settings service functions -----------------------------------------------------------


def test_settings_panel_rule_is_checked_with_a_clear_message(demo_ctx: ServiceContext) -> None:
    setup = agency.read_agency_setup(demo_ctx)
    panel = setup.panels[0]
    bad = agency.PanelInput(name=panel.name, rule="monthly Tuesday")
    with pytest.raises(ValidationError) as caught:
        agency.save_panel(demo_ctx, panel.id, bad)
    assert "say which Tuesday of the month" in caught.value.field_errors["rule"]
    good = agency.PanelInput(name=panel.name, rule="monthly last thursday", start=time(10, 0))
    agency.save_panel(demo_ctx, panel.id, good)
    saved = agency.read_agency_setup(demo_ctx).panels[0]
    assert (saved.rule, saved.rule_description) == (
        "monthly last Thursday",
        "Every month on the last Thursday",
    )


def test_settings_policy_bounds_and_closure_days(demo_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError) as caught:
        agency.save_policy(demo_ctx, {"quorum_min": 0, "papers_deadline_wd": 12})
    assert set(caught.value.field_errors) == {"quorum_min"}
    assert agency_policy(demo_ctx).papers_deadline_wd == 10  # nothing saved
    agency.save_policy(demo_ctx, {"quorum_min": 6, "non_working_day": "cancel"})
    assert agency_policy(demo_ctx).quorum_min == 6
    agency.add_closure_day(demo_ctx, date(2026, 12, 24), "Council closure")
    with pytest.raises(ValidationError, match="already a closure day"):
        agency.add_closure_day(demo_ctx, date(2026, 12, 24))
    assert agency_policy(demo_ctx).closure_days == (date(2026, 12, 24),)
    agency.remove_closure_day(demo_ctx, date(2026, 12, 24))
    assert agency_policy(demo_ctx).closure_days == ()


def test_settings_refuses_to_remove_a_locality_cases_use(demo_ctx: ServiceContext) -> None:
    kent = next(la for la in agency.read_agency_setup(demo_ctx).local_authorities if la.name == "Kent")
    with pytest.raises(ValidationError, match="cannot be removed"):
        agency.save_local_authority(demo_ctx, kent.id, "Kent", [], kent.adm_id)
    agency.save_local_authority(demo_ctx, kent.id, "Kent", [*kent.localities, "Mid Kent"], kent.adm_id)
    kent = next(la for la in agency.read_agency_setup(demo_ctx).local_authorities if la.name == "Kent")
    assert "Mid Kent" in kent.localities


# -- policy declared once (panelapp.domain.policy) ---------------------------------------------


def test_policy_keys_of_a_file_are_the_declared_settings() -> None:
    declared_keys = {s.key for s in declared()} - {"marking"}  # marking is written under [agency]
    assert set(agency.POLICY_KEYS) == declared_keys


def test_settings_may_make_the_adm_clock_stricter_but_not_looser(demo_ctx: ServiceContext) -> None:
    agency.save_policy(demo_ctx, {"adm_decision_wd": 5, "sw_notification_wd": 1})
    assert (agency_policy(demo_ctx).adm_decision_wd, agency_policy(demo_ctx).sw_notification_wd) == (5, 1)
    with pytest.raises(ValidationError) as caught:
        agency.save_policy(demo_ctx, {"adm_decision_wd": 8, "representations_wd": 30})
    assert "the law allows at most 7 working days" in caught.value.field_errors["adm_decision_wd"]
    assert "Fixed by law at 40 working days" in caught.value.field_errors["representations_wd"]
    assert agency_policy(demo_ctx).adm_decision_wd == 5


def test_a_file_may_restate_the_representations_window_but_not_change_it(empty_ctx: ServiceContext) -> None:
    head = '[agency]\nname = "Tiny Agency"\n\n[policy]\n'
    agency.load_agency_text(empty_ctx, head + "representations_wd = 40\n")
    assert agency_policy(empty_ctx).representations_wd == 40
    with pytest.raises(AgencyFileError) as caught:
        agency.load_agency_text(empty_ctx, head + "quorum_min = 6\nrepresentations_wd = 30\n")
    assert caught.value.problems == [
        (
            6,
            "representations_wd: Fixed by law at 40 working days (Adoption Agencies Regulations 2005): not a setting.",
        )
    ]
    assert agency_policy(empty_ctx).quorum_min == 5


def test_the_marking_is_refused_the_same_way_in_settings_and_in_a_file(demo_ctx: ServiceContext) -> None:
    with pytest.raises(SettingRefused) as refusal:
        check(MARKING, "")
    with pytest.raises(ValidationError) as by_settings:
        agency.save_agency_details(demo_ctx, "Northdown Regional Adoption Agency", "NRAA", "  ")
    assert by_settings.value.field_errors == {"marking": str(refusal.value)}
    with pytest.raises(AgencyFileError) as by_file:
        agency.load_agency_text(
            demo_ctx, '[agency]\nname = "Northdown Regional Adoption Agency"\nmarking = ""\n'
        )
    assert by_file.value.problems == [(3, f"marking {refusal.value.reason}")]
