"""Retention: closed cases past the policy lose personal details but keep their statistics."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Case, CaseChild, Grading, Hearing, Recommendation, SocialWorker
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services import agency as setup
from panelapp.services.admin import REMOVED, apply_retention, retention_preview
from panelapp.services.context import CurrentUser, ServiceContext
from tests.conftest import DEMO_UNTIL, new_sqlite_context


def _shorten_policy(ctx: ServiceContext, years: int) -> None:
    from db.models import Agency

    with ctx.write(Permission.EDIT_SETTINGS) as session:
        agency = session.get(Agency, ctx.agency_id)
        assert agency is not None
        agency.retention_years = years


def _stats(ctx: ServiceContext) -> tuple[object, ...]:
    with ctx.read() as session:
        counts = [
            tuple(session.execute(select(column, func.count()).group_by(column).order_by(column)))
            for column in (Case.case_type, Recommendation.outcome, Grading.grade)
        ]
        return (session.scalar(select(func.count(Hearing.id))), *counts)


def test_preview_changes_nothing_and_apply_anonymises_only_what_it_listed(demo_ctx: ServiceContext) -> None:
    assert retention_preview(demo_ctx, date(2026, 11, 20)) == []  # 25 years: nothing yet
    _shorten_policy(demo_ctx, 1)
    as_of = date(2027, 6, 1)
    preview = retention_preview(demo_ctx, as_of)
    assert preview, "some demo cases closed over a year before June 2027"
    stats_before = _stats(demo_ctx)
    with demo_ctx.read() as session:
        assert session.scalar(select(func.count(Case.id)).where(Case.anonymised_on.is_not(None))) == 0
    applied = apply_retention(demo_ctx, as_of)
    assert [i.case_id for i in applied] == [i.case_id for i in preview]
    ids = [i.case_id for i in applied]
    with demo_ctx.read() as session:
        for case in session.scalars(select(Case).where(Case.id.in_(ids))):
            assert case.anonymised_on == as_of and case.household in ("", REMOVED)
        assert session.scalar(select(func.count(SocialWorker.id)).where(SocialWorker.case_id.in_(ids))) == 0
        names = session.scalars(select(CaseChild.full_name).where(CaseChild.case_id.in_(ids))).all()
        assert all(name == "" for name in names)
        reasons = session.scalars(
            select(Recommendation.reasons)
            .join(Hearing, Hearing.id == Recommendation.hearing_id)
            .where(Hearing.case_id.in_(ids))
        ).all()
        assert all(r in ("", REMOVED) for r in reasons)
        # cases not listed keep their details
        kept = session.scalar(select(Case).where(Case.id.not_in(ids), Case.household != "").limit(1))
        assert kept is not None and kept.household != REMOVED
        assert (
            session.scalar(
                select(func.count(AuditEntry.id)).where(AuditEntry.summary == "Retention policy applied")
            )
            > 0
        )
    assert _stats(demo_ctx) == stats_before  # the statistics are untouched
    assert retention_preview(demo_ctx, as_of) == []  # and it is not done twice


def test_cli_previews_then_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    me = CurrentUser(getpass.getuser(), "Me", UserRole.ADMINISTRATOR)  # the CLI signs in as the OS user
    ctx = new_sqlite_context(tmp_path, me)
    setup.load_demo_data(ctx, until=DEMO_UNTIL)
    _shorten_policy(ctx, 1)
    url = ctx.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "retention", "--as-of", "2027-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Would anonymise" in out and "Nothing has been changed" in out
    assert main(["--db", url, "retention", "--as-of", "2027-06-01", "--apply"]) == 0
    assert "Anonymised" in capsys.readouterr().out
