"""The agency setup as the Settings view shows and edits it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import (
    Agency,
    Case,
    ClosureDay,
    DecisionMaker,
    LocalAuthority,
    Locality,
    Member,
    MemberRole,
    Panel,
)
from panelapp.documents.agenda import CASES_MARKER, DEFAULT_STANDING_ITEMS
from panelapp.documents.templates import DOCUMENT_TEMPLATES
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import MARKING, AgencyPolicy, Section, SettingRefused, check, check_values
from panelapp.domain.recurrence import RuleError, parse_rule
from panelapp.domain.vocab import Role
from panelapp.paths import template
from panelapp.services.agency.setup import policy_of
from panelapp.services.conflicts import lock_for_write, locked, refuse_if_changed
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class DecisionMakerRow:
    id: int
    name: str
    title: str
    email: str
    handles_approvals: bool


@dataclass(frozen=True)
class LocalAuthorityRow:
    id: int
    name: str
    localities: tuple[str, ...]
    adm_id: int | None
    adm_name: str


@dataclass(frozen=True)
class PanelRow:
    id: int
    name: str
    rule: str
    rule_description: str
    start: time
    duration_minutes: int
    max_cases: int
    joint: bool
    teams_link: str
    venue: str
    active: bool
    chair_id: int | None
    chair_name: str
    vice_chair_id: int | None
    vice_chair_name: str


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str


@dataclass(frozen=True)
class ClosureDayRow:
    day: date
    reason: str


@dataclass(frozen=True)
class AgencySetup:
    id: int
    name: str
    short_name: str
    marking: str
    policy: AgencyPolicy
    decision_makers: tuple[DecisionMakerRow, ...]
    local_authorities: tuple[LocalAuthorityRow, ...]
    panels: tuple[PanelRow, ...]
    closure_days: tuple[ClosureDayRow, ...]
    chair_choices: tuple[PersonChoice, ...]  # members who hold a chair or vice chair role


@dataclass(frozen=True)
class PanelInput:
    name: str
    rule: str
    start: time = time(9, 30)
    duration_minutes: int = 330
    max_cases: int = 6
    joint: bool = False
    teams_link: str = ""
    venue: str = "Microsoft Teams"
    active: bool = True
    chair_id: int | None = None
    vice_chair_id: int | None = None


def read_agency_setup(ctx: ServiceContext) -> AgencySetup:
    with ctx.read() as session:
        agency = session.get(Agency, ctx.agency_id)
        if agency is None:
            raise NotFound("No agency has been set up yet.")
        dms = session.scalars(
            select(DecisionMaker).where(DecisionMaker.agency_id == agency.id).order_by(DecisionMaker.name)
        ).all()
        las = session.scalars(
            select(LocalAuthority)
            .where(LocalAuthority.agency_id == agency.id)
            .options(selectinload(LocalAuthority.localities), selectinload(LocalAuthority.adm))
            .order_by(LocalAuthority.name)
        ).all()
        panels = session.scalars(select(Panel).where(Panel.agency_id == agency.id).order_by(Panel.name)).all()
        people = dict(
            session.execute(
                select(Member.id, Member.first_name + " " + Member.last_name).where(
                    Member.agency_id == agency.id
                )
            ).all()
        )
        chair_ids = set(
            session.scalars(
                select(MemberRole.member_id)
                .join(Member, Member.id == MemberRole.member_id)
                .where(Member.agency_id == agency.id)
                .where(MemberRole.role.in_((Role.CHAIR.value, Role.VICE_CHAIR.value)))
                .where(MemberRole.to_date.is_(None) | (MemberRole.to_date >= ctx.today()))
            )
        )
        closures = session.scalars(
            select(ClosureDay).where(ClosureDay.agency_id == agency.id).order_by(ClosureDay.day)
        ).all()
        policy = policy_of(agency, (c.day for c in closures))
        return AgencySetup(
            id=agency.id,
            name=agency.name,
            short_name=agency.short_name,
            marking=agency.marking,
            policy=policy,
            decision_makers=tuple(
                DecisionMakerRow(d.id, d.name, d.title, d.email, d.handles_approvals) for d in dms
            ),
            local_authorities=tuple(
                LocalAuthorityRow(
                    la.id,
                    la.name,
                    tuple(x.name for x in la.localities),
                    la.adm_id,
                    la.adm.name if la.adm else "",
                )
                for la in las
            ),
            panels=tuple(_panel_row(p, people) for p in panels),
            closure_days=tuple(ClosureDayRow(c.day, c.reason) for c in closures),
            chair_choices=tuple(
                sorted((PersonChoice(i, people[i]) for i in chair_ids if i in people), key=lambda c: c.name)
            ),
        )


def _panel_row(p: Panel, people: dict[int, str]) -> PanelRow:
    try:
        described = parse_rule(p.rule).describe()
    except RuleError:
        described = "No rhythm set" if not p.rule else f"Rule not understood: {p.rule}"
    return PanelRow(
        p.id,
        p.name,
        p.rule,
        described,
        p.start_time,
        p.duration_minutes,
        p.max_cases,
        p.joint,
        p.teams_link,
        p.venue,
        p.active,
        p.chair_id,
        people.get(p.chair_id, "") if p.chair_id else "",
        p.vice_chair_id,
        people.get(p.vice_chair_id, "") if p.vice_chair_id else "",
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def save_agency_details(ctx: ServiceContext, name: str, short_name: str, marking: str) -> None:
    values = {"name": _clean(name), "short_name": _clean(short_name), "marking": _clean(marking)}
    errors = {}
    for key, limit, label in (("name", 200, "Name"), ("short_name", 40, "Short name")):
        if not values[key]:
            errors[key] = f"{label} is needed."
        elif len(values[key]) > limit:
            errors[key] = f"{label} is too long (at most {limit} characters)."
    try:
        check(MARKING, marking)  # a declared setting: refused as an agency file refuses it
    except SettingRefused as exc:
        errors["marking"] = str(exc)
    if errors:
        raise ValidationError("Please correct the agency details. Nothing was saved.", errors)
    if not _agency_exists(ctx):  # first run by hand: the agency's details create it
        with ctx.write(Permission.EDIT_SETTINGS, "Agency set up") as session:
            session.add(Agency(**values))
        ctx.reset_agency()
        return
    with ctx.write(Permission.EDIT_SETTINGS, "Agency details") as session:
        agency = _agency(session, ctx)
        _assign(agency, values)


def _agency_exists(ctx: ServiceContext) -> bool:
    with ctx.read() as session:
        return session.scalar(select(Agency.id).limit(1)) is not None


def save_policy(
    ctx: ServiceContext, values: Mapping[str, object], expected: Mapping[str, object] | None = None
) -> None:
    """Save any of the Policy tab's settings; each checked by its declaration before anything is saved.

    `expected` holds the values the form loaded: when someone else has saved different ones
    since, ConflictError names who and when, and nothing is saved."""
    held, refused = check_values(values, Section.POLICY)
    if refused:
        raise ValidationError("Some policy values are not allowed. Nothing was saved.", refused)
    with ctx.write(Permission.EDIT_SETTINGS, "Agency policy") as session:
        lock_for_write(session)  # the check against `expected` and the write are one step
        agency = locked(session, select(Agency).where(Agency.id == ctx.agency_id))
        if agency is None:
            raise NotFound("That record no longer exists: someone may have removed it. Reload Settings.")
        refuse_if_changed(session, agency, expected, "The agency's policy")
        _assign(agency, held)


@dataclass(frozen=True)
class DocumentTemplate:
    document: str
    file: str  # the template's file name in resources/templates
    path: str
    found: bool  # False: the file is missing and the document is drawn on base.docx


def standing_items_text(ctx: ServiceContext) -> str:
    """The agenda's standing items, one a line, "[Cases]" where the cases go; the usual
    English agenda while the agency has saved none."""
    with ctx.read() as session:
        saved = _agency(session, ctx).agenda_standing_items
    return saved if saved.strip() else "\n".join(DEFAULT_STANDING_ITEMS)


def save_standing_items(ctx: ServiceContext, text: str) -> str:
    """Save the standing items (blank: back to the usual ones); the line "[Cases]" is needed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    markers = [line for line in lines if line.lower() == CASES_MARKER.lower()]
    if lines and len(markers) != 1:
        raise ValidationError(
            f'Put one line "{CASES_MARKER}" where the cases go on the agenda. Nothing was saved.',
            {"standing_items": f'One line "{CASES_MARKER}" is needed.'},
        )
    if any(len(line) > 200 for line in lines):
        raise ValidationError(
            "A standing item is too long (at most 200 characters). Nothing was saved.",
            {"standing_items": "At most 200 characters a line."},
        )
    stored = "" if tuple(lines) == DEFAULT_STANDING_ITEMS else "\n".join(lines)
    with ctx.write(Permission.EDIT_SETTINGS, "Agenda standing items") as session:
        _agency(session, ctx).agenda_standing_items = stored
    return stored or "\n".join(DEFAULT_STANDING_ITEMS)


def document_templates() -> list[DocumentTemplate]:
    """Which Word template each document uses, and whether the file is there."""
    rows = []
    for document, name in DOCUMENT_TEMPLATES:
        path = template(name)
        rows.append(DocumentTemplate(document, name, str(path), path.exists()))
    return rows


def save_decision_maker(
    ctx: ServiceContext,
    dm_id: int | None,
    name: str,
    title: str = "",
    email: str = "",
    handles_approvals: bool = False,
) -> int:
    name = _clean(name)
    if not name:
        raise ValidationError("The decision maker needs a name.", {"name": "A name is needed."})
    if email.strip() and "@" not in email:
        raise ValidationError(
            "That email address does not look right.", {"email": "Check the email address."}
        )
    with ctx.write(Permission.EDIT_SETTINGS, f"Decision maker {name}") as session:
        agency_id = ctx.agency_id
        clash = session.scalar(
            select(DecisionMaker.id)
            .where(DecisionMaker.agency_id == agency_id)
            .where(func.lower(DecisionMaker.name) == name.lower())
            .where(DecisionMaker.id != (dm_id or 0))
        )
        if clash:
            raise ValidationError(
                f"There is already a decision maker called {name}.", {"name": "Already used."}
            )
        dm = DecisionMaker(agency_id=agency_id) if dm_id is None else _get(session, DecisionMaker, dm_id)
        _assign(
            dm,
            {
                "name": name,
                "title": _clean(title),
                "email": email.strip(),
                "handles_approvals": handles_approvals,
            },
        )
        session.add(dm)
        if handles_approvals:  # one agency ADM for approvals
            for other in session.scalars(select(DecisionMaker).where(DecisionMaker.agency_id == agency_id)):
                if other is not dm and other.handles_approvals:
                    other.handles_approvals = False
        session.flush()
        return dm.id


def delete_decision_maker(ctx: ServiceContext, dm_id: int) -> None:
    with ctx.write(Permission.EDIT_SETTINGS, "Decision maker removed") as session:
        session.delete(_get(session, DecisionMaker, dm_id))


def save_local_authority(
    ctx: ServiceContext, la_id: int | None, name: str, localities: Sequence[str], adm_id: int | None
) -> int:
    name = _clean(name)
    wanted = [_clean(x) for x in localities if _clean(x)]
    if not name:
        raise ValidationError("The local authority needs a name.", {"name": "A name is needed."})
    if len({x.casefold() for x in wanted}) != len(wanted):
        raise ValidationError("A locality is listed twice.", {"localities": "A locality is listed twice."})
    with ctx.write(Permission.EDIT_SETTINGS, f"Local authority {name}") as session:
        agency_id = ctx.agency_id
        clash = session.scalar(
            select(LocalAuthority.id)
            .where(LocalAuthority.agency_id == agency_id)
            .where(func.lower(LocalAuthority.name) == name.lower())
            .where(LocalAuthority.id != (la_id or 0))
        )
        if clash:
            raise ValidationError(
                f"There is already a local authority called {name}.", {"name": "Already used."}
            )
        la = LocalAuthority(agency_id=agency_id) if la_id is None else _get(session, LocalAuthority, la_id)
        la.name, la.adm_id = name, adm_id
        session.add(la)
        keep = {x.casefold() for x in wanted}
        for loc in list(la.localities):
            if loc.name.casefold() in keep:
                continue
            used = session.scalar(select(func.count(Case.id)).where(Case.locality_id == loc.id))
            if used:
                raise ValidationError(
                    f"{loc.name} cannot be removed: {used} cases are recorded against it. Nothing was saved.",
                    {"localities": f"{loc.name} is used by {used} cases."},
                )
            la.localities.remove(loc)
        have = {loc.name.casefold() for loc in la.localities}
        la.localities += [Locality(name=x) for x in wanted if x.casefold() not in have]
        session.flush()
        return la.id


def delete_local_authority(ctx: ServiceContext, la_id: int) -> None:
    with ctx.write(Permission.EDIT_SETTINGS, "Local authority removed") as session:
        la = _get(session, LocalAuthority, la_id)
        used = session.scalar(select(func.count(Case.id)).where(Case.local_authority_id == la_id))
        if used:
            raise ValidationError(f"{la.name} cannot be removed: {used} cases are recorded against it.")
        session.delete(la)


def save_panel(ctx: ServiceContext, panel_id: int | None, data: PanelInput) -> int:
    errors: dict[str, str] = {}
    name = _clean(data.name)
    if not name:
        errors["name"] = "A name is needed."
    try:
        rule = parse_rule(data.rule).text
    except RuleError as exc:
        errors["rule"] = str(exc)
        rule = data.rule
    if not 1 <= data.max_cases <= 20:
        errors["max_cases"] = "Enter from 1 to 20 cases."
    if not 30 <= data.duration_minutes <= 720:
        errors["duration_minutes"] = "Enter from 30 to 720 minutes."
    if data.chair_id is not None and data.chair_id == data.vice_chair_id:
        errors["vice_chair_id"] = "The vice chair must be someone other than the chair."
    if errors:
        raise ValidationError("Please correct the panel. Nothing was saved.", errors)
    with ctx.write(Permission.EDIT_SETTINGS, f"Panel {name}") as session:
        agency_id = ctx.agency_id
        clash = session.scalar(
            select(Panel.id)
            .where(Panel.agency_id == agency_id)
            .where(func.lower(Panel.name) == name.lower())
            .where(Panel.id != (panel_id or 0))
        )
        if clash:
            raise ValidationError(f"There is already a panel called {name}.", {"name": "Already used."})
        panel = Panel(agency_id=agency_id) if panel_id is None else _get(session, Panel, panel_id)
        _assign(
            panel,
            {
                "name": name,
                "rule": rule,
                "start_time": data.start,
                "duration_minutes": data.duration_minutes,
                "max_cases": data.max_cases,
                "joint": data.joint,
                "teams_link": data.teams_link.strip(),
                "venue": _clean(data.venue),
                "active": data.active,
                "chair_id": data.chair_id,
                "vice_chair_id": data.vice_chair_id,
            },
        )
        session.add(panel)
        session.flush()
        return panel.id


def add_closure_day(ctx: ServiceContext, day: date, reason: str = "") -> None:
    with ctx.write(Permission.EDIT_SETTINGS, f"Closure day {day:%d/%m/%Y}") as session:
        agency_id = ctx.agency_id
        if session.scalar(
            select(ClosureDay.id).where(ClosureDay.agency_id == agency_id).where(ClosureDay.day == day)
        ):
            raise ValidationError(
                f"{day:%d/%m/%Y} is already a closure day.", {"day": "Already a closure day."}
            )
        session.add(ClosureDay(agency_id=agency_id, day=day, reason=_clean(reason) or "agency closure day"))


def remove_closure_day(ctx: ServiceContext, day: date) -> None:
    with ctx.write(Permission.EDIT_SETTINGS, f"Closure day {day:%d/%m/%Y} removed") as session:
        row = session.scalar(
            select(ClosureDay).where(ClosureDay.agency_id == ctx.agency_id).where(ClosureDay.day == day)
        )
        if row is None:
            raise NotFound(f"{day:%d/%m/%Y} is not a closure day.")
        session.delete(row)


def _agency(session: Session, ctx: ServiceContext) -> Agency:
    agency: Agency = _get(session, Agency, ctx.agency_id)
    return agency


def _get(session: Session, model: Any, row_id: int) -> Any:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound("That record no longer exists: someone may have removed it. Reload Settings.")
    return row


def _assign(row: Any, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
