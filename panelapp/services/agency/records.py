"""Loading an agency file into the database (the file is read and checked by agency_file).

Loading is an upsert by name (agency, decision makers, local authorities, panels), so
loading the same file twice changes nothing. A file adds and updates; it never deletes
a local authority, locality or panel (cases and sittings hang off them): that is done
in Settings, which refuses to remove what cases still use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    CaseTypeSetting,
    ClosureDay,
    DecisionMaker,
    LocalAuthority,
    Locality,
    Member,
    MemberPanel,
    MemberRole,
    MemberStatusPeriod,
    Panel,
)
from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import Section, declared
from panelapp.domain.vocab import Role
from panelapp.services.agency.agency_file import (
    AgencyFileError,
    AgencyFileSpec,
    DecisionMakerSpec,
    read_agency_file,
)
from panelapp.services.context import ServiceContext
from panelapp.services.files import read_input

MAX_AGENCY_FILE_BYTES = 1_000_000  # the examples are 2 KB; anything this big is the wrong file


@dataclass(frozen=True)
class LoadReport:
    agency_name: str
    created_agency: bool
    changes: tuple[str, ...]
    new_members: tuple[str, ...]  # people added to the central list because a panel names them

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def lines(self) -> list[str]:
        if not self.changes:
            return [f"{self.agency_name}: no changes; the database already matches the file."]
        head = "Created" if self.created_agency else "Updated"
        return [f"{head} {self.agency_name}:", *(f"  {c}" for c in self.changes)]


def load_agency_file(ctx: ServiceContext, path: Path | str) -> LoadReport:
    """Load an agency file; refused whole (AgencyFileError naming lines) or loaded whole."""
    raw = read_input(path, MAX_AGENCY_FILE_BYTES)  # a folder, a missing file: refused in words
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AgencyFileError([(line, "the file is not plain UTF-8 text")]) from None
    return load_agency_text(ctx, text)


def load_agency_text(ctx: ServiceContext, text: str) -> LoadReport:
    spec = read_agency_file(text)
    with ctx.write(Permission.EDIT_SETTINGS, summary=f"Agency file loaded: {spec.name}") as session:
        report = _Loader(session, spec).run()
    ctx.reset_agency()
    return report


class _Loader:
    def __init__(self, session: Session, spec: AgencyFileSpec) -> None:
        self.session = session
        self.spec = spec
        self.changes: list[str] = []
        self.new_members: list[str] = []

    def assign(self, row: Any, what: str, **values: Any) -> None:
        """Set only what differs, so an unchanged row is not written (nor audited)."""
        changed = [k for k, v in values.items() if getattr(row, k) != v]
        for key in changed:
            setattr(row, key, values[key])
        if changed and row in self.session.new:
            return
        if changed:
            self.changes.append(f"{what}: changed {', '.join(k.replace('_', ' ') for k in changed)}")

    def run(self) -> LoadReport:
        spec, session = self.spec, self.session
        agency = session.scalar(select(Agency).where(Agency.name == spec.name))
        created = agency is None
        if agency is None:
            agency = Agency(name=spec.name, short_name=spec.short_name, marking=spec.marking)
            session.add(agency)
            session.flush()
            _add_case_type_defaults(session, agency.id)
            others = session.scalar(select(func.count(Agency.id)).where(Agency.id != agency.id))
            note = f" (this database also holds {others} other agencies)" if others else ""
            self.changes.append(f"Created the agency {spec.name}{note}")
        policy = {s.key: getattr(spec.policy, s.key) for s in declared(Section.POLICY)}
        before = len(self.changes)
        self.assign(agency, "Agency", short_name=spec.short_name, marking=spec.marking, **policy)
        if created:  # a new agency's policy is simply the file's: no "changed" line
            del self.changes[before:]
        self.closure_days(agency.id)
        dms = {
            dm.name.casefold(): dm
            for dm in session.scalars(select(DecisionMaker).where(DecisionMaker.agency_id == agency.id))
        }
        if spec.approvals_adm is not None:
            approvals = self.decision_maker(agency.id, dms, spec.approvals_adm)
            for dm in dms.values():
                self.assign(dm, f"Decision maker {dm.name}", handles_approvals=dm is approvals)
        self.local_authorities(agency.id, dms)
        panels = self.panels(agency.id)
        session.flush()
        self.chairs(agency.id, panels)
        return LoadReport(spec.name, created, tuple(self.changes), tuple(self.new_members))

    def closure_days(self, agency_id: int) -> None:
        saved = {
            c.day: c
            for c in self.session.scalars(select(ClosureDay).where(ClosureDay.agency_id == agency_id))
        }
        wanted = set(self.spec.policy.closure_days)
        for day in sorted(wanted - saved.keys()):
            self.session.add(ClosureDay(agency_id=agency_id, day=day, reason="agency closure day"))
            self.changes.append(f"Added closure day {day:%d/%m/%Y}")
        for day in sorted(saved.keys() - wanted):
            self.session.delete(saved[day])
            self.changes.append(f"Removed closure day {day:%d/%m/%Y}")

    def decision_maker(
        self, agency_id: int, dms: dict[str, DecisionMaker], spec: DecisionMakerSpec
    ) -> DecisionMaker:
        dm = dms.get(spec.name.casefold())
        if dm is None:
            dm = DecisionMaker(agency_id=agency_id, name=spec.name)
            dm.title, dm.email = spec.title or "", spec.email or ""
            self.session.add(dm)
            dms[spec.name.casefold()] = dm
            self.changes.append(f"Added decision maker {spec.name}")
            return dm
        details = {k: v for k, v in (("title", spec.title), ("email", spec.email)) if v is not None}
        self.assign(dm, f"Decision maker {dm.name}", **details)
        return dm

    def local_authorities(self, agency_id: int, dms: dict[str, DecisionMaker]) -> None:
        saved = {
            la.name.casefold(): la
            for la in self.session.scalars(
                select(LocalAuthority).where(LocalAuthority.agency_id == agency_id)
            )
        }
        for la_spec in self.spec.local_authorities:
            la = saved.get(la_spec.name.casefold())
            adm = self.decision_maker(agency_id, dms, la_spec.adm) if la_spec.adm else None
            if la is None:
                la = LocalAuthority(agency_id=agency_id, name=la_spec.name, adm=adm)
                la.localities = [Locality(name=n) for n in la_spec.localities]
                self.session.add(la)
                count = f" with {len(la_spec.localities)} localities" if la_spec.localities else ""
                self.changes.append(f"Added local authority {la_spec.name}{count}")
                continue
            if adm is not None and la.adm is not adm:
                la.adm = adm
                self.changes.append(f"{la.name}: decision maker is now {adm.name}")
            have = {loc.name.casefold() for loc in la.localities}
            for name in la_spec.localities:
                if name.casefold() not in have:
                    la.localities.append(Locality(name=name))
                    self.changes.append(f"{la.name}: added locality {name}")

    def panels(self, agency_id: int) -> dict[str, Panel]:
        saved = {
            p.name.casefold(): p
            for p in self.session.scalars(select(Panel).where(Panel.agency_id == agency_id))
        }
        for p in self.spec.panels:
            panel = saved.get(p.name.casefold())
            if panel is None:
                panel = Panel(agency_id=agency_id, name=p.name, teams_link="")
                self.session.add(panel)
                saved[p.name.casefold()] = panel
                self.changes.append(f"Added {p.name} ({p.rule})")
            values: dict[str, Any] = {
                "rule": p.rule,
                "start_time": p.start,
                "max_cases": p.max_cases,
                "joint": p.joint,
            }
            if p.teams_link is not None:
                values["teams_link"] = p.teams_link
            self.assign(panel, p.name, **values)
        return saved

    def chairs(self, agency_id: int, panels: dict[str, Panel]) -> None:
        people = _People(self.session, agency_id)
        for p in self.spec.panels:
            panel = panels[p.name.casefold()]
            for key, role in (("chair", Role.CHAIR), ("vice_chair", Role.VICE_CHAIR)):
                named: str | None = getattr(p, key)
                if named is None:
                    continue
                member = people.find(named, p.person_lines[key == "vice_chair"])
                if member is None:
                    member = people.create(named, role, panel)
                    self.new_members.append(member.full_name)
                    self.changes.append(
                        f"{member.full_name} was not on the central list: added as {role.label.lower()} "
                        f"of {panel.name}"
                    )
                    self.session.flush()
                    setattr(panel, f"{key}_id", member.id)
                    continue
                self.changes += people.ensure_role_and_panel(member, role, panel)
                if getattr(panel, f"{key}_id") != member.id:
                    setattr(panel, f"{key}_id", member.id)
                    self.changes.append(f"{panel.name}: {role.label.lower()} is now {member.full_name}")


class _People:
    """The agency's members, found by full name or email, and added when a panel names a newcomer."""

    def __init__(self, session: Session, agency_id: int) -> None:
        self.session = session
        self.agency_id = agency_id
        self.members = list(session.scalars(select(Member).where(Member.agency_id == agency_id)))

    def find(self, named: str, line: int) -> Member | None:
        key = " ".join(named.split()).casefold()
        if "@" in key:
            hits = [m for m in self.members if (m.email or "").casefold() == key]
        else:
            hits = [m for m in self.members if " ".join(m.full_name.split()).casefold() == key]
        if len(hits) > 1:
            raise AgencyFileError(
                [(line, f"{len(hits)} members are called {named}: name the one you mean by email")]
            )
        return hits[0] if hits else None

    def create(self, named: str, role: Role, panel: Panel) -> Member:
        email: str | None = None
        if "@" in named:
            email = named.strip().lower()
            words = [w.capitalize() for w in email.split("@")[0].replace("_", ".").split(".") if w]
        else:
            words = named.split()
        first, last = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else ("", words[0] if words else "")
        member = Member(agency_id=self.agency_id, first_name=first, last_name=last, email=email)
        member.home_panel_id = panel.id
        member.roles = [MemberRole(role=role.value)]
        member.statuses = [MemberStatusPeriod(status="active", start_date=clock.today())]
        self.session.add(member)
        self.members.append(member)
        return member

    def ensure_role_and_panel(self, member: Member, role: Role, panel: Panel) -> list[str]:
        notes: list[str] = []
        today = clock.today()
        current = {r.role for r in member.roles if _held_on(r, today)}
        if role.value not in current:
            member.roles.append(MemberRole(role=role.value, from_date=today))
            notes.append(f"{member.full_name}: now holds the role {role.label.lower()}")
        covers = {mp.panel_id for mp in member.panels}
        if member.home_panel_id is None:
            member.home_panel_id = panel.id
            notes.append(f"{member.full_name}: home panel is now {panel.name}")
        elif member.home_panel_id != panel.id and panel.id not in covers:
            member.panels.append(MemberPanel(panel_id=panel.id))
            notes.append(f"{member.full_name}: now also sits on {panel.name}")
        return notes


def _held_on(role: MemberRole, day: date) -> bool:
    return (role.from_date is None or role.from_date <= day) and (role.to_date is None or role.to_date >= day)


def _add_case_type_defaults(session: Session, agency_id: int) -> None:
    for case_type in case_types.all_case_types():
        session.add(
            CaseTypeSetting(
                agency_id=agency_id,
                case_type=case_type.code,
                slot_minutes=case_type.slot_minutes,
                applicants_extra_minutes=case_types.DEFAULT_APPLICANTS_EXTRA_MINUTES,
                required_papers=";".join(case_type.default_papers),
            )
        )
