"""Deterministic demo data: an invented agency with a year (or more) of panel business.

Used by `panelapp init-db --demo`, by tests and by the benchmarks (`scale` options).
Every name is invented. The same seed and `until` date always give the same data.
"""

from __future__ import annotations

import getpass
import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from db.models import (
    AdmDecisionRecord,
    Agency,
    AgendaItem,
    Appraisal,
    Attendance,
    AuditEntry,
    Case,
    CaseChild,
    CasePaper,
    CaseTypeSetting,
    DbsCheck,
    DecisionMaker,
    Grading,
    Hearing,
    LocalAuthority,
    Locality,
    Meeting,
    Member,
    MemberRole,
    MemberStatusPeriod,
    Minutes,
    MinutesSection,
    Panel,
    Recommendation,
    SocialWorker,
    TrainingAttendance,
    TrainingEvent,
)
from panelapp import clock, demo_clocks, demo_words
from panelapp.domain import case_types
from panelapp.domain.case_types import DEFAULT_APPLICANTS_EXTRA_MINUTES, CaseTypeRow
from panelapp.domain.recurrence import parse_rule, plan_sittings
from panelapp.domain.vocab import CaseType, NonWorkingDayPolicy
from panelapp.domain.workdays import WorkingDayCalendar

FIRST_NAMES = (
    "Alex Amira Bethan Callum Dara Eleni Farah Gareth Hana Idris Jonah Kezia Leon Maren Niamh "
    "Oren Priya Quentin Rosa Soren Tamsin Uma Viktor Wren Yasmin Zara Bram Cerys Dominic Esme "
    "Finlay Greer Hector Isla Jasper Kit Lyra Marlow Nell Otis"
).split()
SURNAMES = (
    "Ashdown Brightwell Carrow Dunmore Ellery Fairweather Gallimore Hartnell Inglethorpe "
    "Jessop Kettering Larkspur Merriman Northcote Oakhurst Pemberton Quilliam Rutherford "
    "Saltmarsh Thornbury Underhill Vantage Westergaard Yardley Zouch Ambler Blackthorn "
    "Coldridge Delacourt Evesham Foxley Greenhalgh Holloway Ingram Juniper Kingsley"
).split()
CHILD_NAMES = ("Ava Ben Cara Dev Ezra Fay Gus Ivy Jude Kai Lola Max Noor Oli Pip Remy Sid Tia").split()

CASE_TYPE_WEIGHTS = (
    (CaseType.APPROVAL, 34),
    (CaseType.MATCH, 34),
    (CaseType.CONSENT_PLAN, 8),
    (CaseType.REVIEW, 8),
    (CaseType.DEREGISTRATION, 7),
    (CaseType.BRIEF_REPORT, 5),
    (CaseType.DISRUPTION, 4),
)
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
GRADE_WEIGHTS = (15, 60, 20, 5)


@dataclass(frozen=True)
class DemoScale:
    years: int = 1
    agencies: int = 1
    seed: int = 7
    until: date | None = None  # last day of held business; future sittings follow it
    panels: int = 4  # per agency: 1st..4th Tuesday, then 1st..4th Thursday, Wednesday...


# Rows go to the database a batch of sittings at a time (fewer, larger INSERTs), keeping
# the order rows are added in, so ids are the same whatever the batch size.
SITTINGS_PER_FLUSH = 48
PANEL_DAYS = ("Tuesday", "Thursday", "Wednesday", "Monday", "Friday")


@dataclass
class _AgencyBits:
    agency: Agency
    panels: list[Panel]
    las: list[LocalAuthority]
    localities: dict[int, list[Locality]]
    approvals_adm: DecisionMaker
    members_by_panel: dict[int, list[Member]]
    staff: list[Member]


def create_demo_data(session: Session, scale: DemoScale | None = None) -> dict[str, int]:
    """Add demo agencies to an empty database in `session`. Returns counts of what was made."""
    scale = scale or DemoScale()
    until = scale.until or clock.today()
    rng = random.Random(scale.seed)
    calendar = WorkingDayCalendar()
    session.info["skip_audit"] = True  # one summary audit row instead of thousands
    counts = {"agencies": 0, "members": 0, "meetings": 0, "cases": 0, "hearings": 0}
    for index in range(scale.agencies):
        bits = _make_agency(session, rng, index, scale.agencies, scale.panels, until)
        counts["agencies"] += 1
        counts["members"] += sum(len(m) for m in bits.members_by_panel.values()) + len(bits.staff)
        made = _make_business(session, rng, bits, calendar, until, scale.years)
        for key, value in made.items():
            counts[key] += value
    session.add(
        AuditEntry(
            author=getpass.getuser(),
            action="insert",
            table_name="*",
            summary=demo_words.audit_note(counts, scale.seed),
        )
    )
    session.flush()
    session.info.pop("skip_audit", None)
    return counts


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


def _panel_rule(n: int) -> str:
    """Panel n's rhythm: four panels share a weekday, one each week of the month."""
    ordinal = ("1st", "2nd", "3rd", "4th")[(n - 1) % 4]
    return f"monthly {ordinal} {PANEL_DAYS[(n - 1) // 4 % len(PANEL_DAYS)]}"


def _make_agency(
    session: Session,
    rng: random.Random,
    index: int,
    total: int,
    n_panels: int = 4,
    until: date | None = None,
) -> _AgencyBits:
    until = until or clock.today()
    agency, head, las = _agency_setup(session, rng, index, total)
    panels = _make_panels(session, agency, n_panels)
    localities = {la.id: list(la.localities) for la in las}
    members_by_panel, staff = _make_members(_People(session, rng, agency.id, until), panels, las)
    session.flush()
    for i, panel in enumerate(panels):
        people = members_by_panel[panel.id]
        panel.chair_id, panel.vice_chair_id = people[0].id, people[1].id
        panel.lead_adviser_id = staff[i % 3].id
        panel.lead_administrator_id = staff[3 + i % 3].id
    _add_exceptions(panels, members_by_panel)
    _training_day(session, agency, members_by_panel, until)
    return _AgencyBits(agency, panels, las, localities, head, members_by_panel, staff)


def _agency_setup(
    session: Session, rng: random.Random, index: int, total: int
) -> tuple[Agency, DecisionMaker, list[LocalAuthority]]:
    """The agency, its case type settings, its own ADM and three local authorities with theirs."""
    suffix = f" {index + 1}" if total > 1 else ""
    agency = Agency(
        name=f"Northdown Regional Adoption Agency{suffix}",
        short_name=f"NRAA{suffix.strip()}",
        marking="OFFICIAL-SENSITIVE",
    )
    session.add(agency)
    session.flush()
    for case_type in case_types.all_case_types():
        session.add(
            CaseTypeSetting(
                agency_id=agency.id,
                case_type=case_type.code,
                slot_minutes=case_type.slot_minutes,
                applicants_extra_minutes=DEFAULT_APPLICANTS_EXTRA_MINUTES,
                required_papers=";".join(case_type.default_papers),
            )
        )
    head = DecisionMaker(
        agency_id=agency.id,
        name="Morgan Hale",
        title="Head of Service",
        email="adm.approvals@example.org",
        handles_approvals=True,
    )
    session.add(head)
    las: list[LocalAuthority] = []
    for la_name, locs in (
        ("Bexley", []),
        ("Kent", ["North Kent", "East Kent", "South Kent", "West Kent"]),
        ("Medway", []),
    ):
        adm = DecisionMaker(
            agency_id=agency.id,
            name=" ".join(_person(rng)),
            title=f"Assistant Director, {la_name}",
            email=f"adm.{la_name.lower()}@example.org",
        )
        la = LocalAuthority(agency_id=agency.id, name=la_name, adm=adm)
        la.localities = [Locality(name=n) for n in locs]
        session.add(la)
        las.append(la)
    return agency, head, las


def _make_panels(session: Session, agency: Agency, n_panels: int) -> list[Panel]:
    panels = [
        Panel(
            agency_id=agency.id,
            name=f"Panel {n}",
            rule=_panel_rule(n),
            start_time=time(9, 30),
            duration_minutes=330,
            max_cases=6,
            teams_link=f"https://teams.microsoft.com/l/meetup-join/demo-panel-{n}",
            venue="Microsoft Teams",
        )
        for n in range(1, n_panels + 1)
    ]
    session.add_all(panels)
    session.flush()
    return panels


class _People:
    """Makes invented members, each with an email of their own, a DBS check and an appraisal."""

    def __init__(self, session: Session, rng: random.Random, agency_id: int, until: date) -> None:
        self.session = session
        self.rng = rng
        self.agency_id = agency_id
        self.until = until
        self.used_emails: set[str] = set()

    def __call__(self, roles: list[str], panel: Panel | None, **extra: object) -> Member:
        rng, until = self.rng, self.until
        first, last = _person(rng)
        email = f"{first}.{last}".lower() + "@example.org"
        while email in self.used_emails:
            email = email.replace("@", "1@")
        self.used_emails.add(email)
        joined = date(2015 + rng.randrange(9), rng.randrange(1, 13), 1)
        m = Member(
            agency_id=self.agency_id,
            first_name=first,
            last_name=last,
            email=email,
            joined_on=joined,
            home_panel_id=panel.id if panel else None,
            gender=rng.choice(["Female", "Female", "Male", None]),
            ethnicity=rng.choice(["White British", "Black British", "British Asian", "Mixed", None]),
            **extra,
        )
        m.roles = [MemberRole(role=r, from_date=joined) for r in roles]
        m.statuses = [MemberStatusPeriod(status="active", start_date=joined)]
        m.dbs_checks = [
            DbsCheck(
                # mostly in date, a few due soon (same random draws as before)
                checked_on=until - timedelta(days=100 + rng.randrange(0, 900) * 11 // 10),
                reference=f"0012{rng.randrange(10**7, 10**8)}",
            )
        ]
        m.appraisals = [
            Appraisal(
                held_on=until - timedelta(days=20 + rng.randrange(0, 330)),
                chaired_by="Panel chair",
                adviser="Panel adviser",
            )
        ]
        self.session.add(m)
        return m


def _make_members(
    member: _People, panels: list[Panel], las: list[LocalAuthority]
) -> tuple[dict[int, list[Member]], list[Member]]:
    """Seven members a panel, rotating specialists shared between panels, and six staff."""
    rng = member.rng
    members_by_panel: dict[int, list[Member]] = {}
    for panel in panels:
        people = [
            member(["chair"], panel),
            member(["vice_chair", "independent"], panel, lived_experience="Adopter"),
            member(["social_worker"], panel, qualified_on=date(2008 + rng.randrange(10), 7, 1)),
            member(["social_worker"], panel, qualified_on=date(2012 + rng.randrange(8), 7, 1)),
            member(["independent"], panel, lived_experience="Adopted adult"),
            member(["independent"], panel, lived_experience="Birth relative"),
            member(["independent"], panel),
        ]
        members_by_panel[panel.id] = people
    rotating = [member(["medical_adviser"], None, title="Dr") for _ in range(2)]
    rotating += [member(["councillor"], None, local_authority_id=la.id) for la in las]
    rotating.append(member(["education"], None))
    for i, m in enumerate(rotating):
        members_by_panel[panels[i % len(panels)].id].append(m)
    staff = [member(["adviser"], None) for _ in range(3)]
    staff += [member(["administrator"], None) for _ in range(3)]
    return members_by_panel, staff


def _add_exceptions(panels: list[Panel], members_by_panel: dict[int, list[Member]]) -> None:
    """One independent member on maternity leave, one who has left, one DBS overdue."""
    on_leave = members_by_panel[panels[1].id][5]
    on_leave.statuses[0].end_date = date(2025, 9, 30)
    on_leave.statuses.append(
        MemberStatusPeriod(status="on_leave", start_date=date(2025, 10, 1), note="maternity leave")
    )
    gone = members_by_panel[panels[2].id][6]
    gone.notice_given_on = date(2025, 6, 1)
    gone.statuses[0].end_date = date(2025, 6, 30)
    gone.statuses.append(MemberStatusPeriod(status="left", start_date=date(2025, 7, 1)))
    members_by_panel[panels[0].id][4].dbs_checks[0].checked_on = date(2021, 3, 1)


def _training_day(
    session: Session, agency: Agency, members_by_panel: dict[int, list[Member]], until: date
) -> None:
    event = TrainingEvent(
        agency_id=agency.id, title="Annual panel training day", held_on=until - timedelta(days=160)
    )
    session.add(event)
    session.flush()
    for people in members_by_panel.values():
        for m in people[:5]:
            session.add(TrainingAttendance(event_id=event.id, member_id=m.id))


def _make_business(
    session: Session,
    rng: random.Random,
    bits: _AgencyBits,
    calendar: WorkingDayCalendar,
    until: date,
    years: int,
) -> dict[str, int]:
    """Sittings from the panels' rules, with cases heard, graded, minuted and decided."""
    business = _Business(session, rng, bits, calendar, until)
    for index, (day, panel, cancelled) in enumerate(_planned_sittings(bits.panels, calendar, until, years)):
        if index % SITTINGS_PER_FLUSH == 0:
            _flush_and_attach(session, business.waiting)
        business.sitting(day, panel, cancelled)
    _flush_and_attach(session, business.waiting)
    session.flush()
    return business.counts


def _planned_sittings(
    panels: list[Panel], calendar: WorkingDayCalendar, until: date, years: int
) -> list[tuple[date, Panel, bool]]:
    """Every panel's sittings by its rule, from `years` back to 75 days after `until`."""
    start = date(until.year - years, until.month, 1)
    horizon = until + timedelta(days=75)
    sittings: list[tuple[date, Panel, bool]] = []
    for panel in panels:
        for planned in plan_sittings(
            parse_rule(panel.rule), start, horizon, calendar, NonWorkingDayPolicy.NEXT_WORKING_DAY
        ):
            sittings.append((planned.date, panel, planned.cancelled))
    sittings.sort(key=lambda s: (s[0], s[1].name))
    return sittings


class _Business:
    """A year of panel business, one sitting at a time, in the order of the random draws."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        bits: _AgencyBits,
        calendar: WorkingDayCalendar,
        until: date,
    ) -> None:
        self.session = session
        self.rng = rng
        self.bits = bits
        self.calendar = calendar
        self.until = until
        self.counts = {"meetings": 0, "cases": 0, "hearings": 0}
        self.serial = 0
        self.waiting_rehearing: list[Case] = []
        self.forced_deferral = False
        self.forced_disagreement = False
        self.waiting: list[tuple[object, Hearing | Meeting]] = []  # rows that need their parent's id

    def sitting(self, day: date, panel: Panel, cancelled: bool) -> None:
        held = day <= self.until and not cancelled
        status = "cancelled" if cancelled else ("held" if held else "scheduled")
        meeting = Meeting(
            panel_id=panel.id,
            date=day,
            start_time=panel.start_time,
            end_time=time(15, 0),
            status=status,
            teams_link=panel.teams_link,
            venue=panel.venue,
            rule_date=day,
            generated=True,
            ics_uid=f"panel{panel.id}-{day.isoformat()}@panelapp",
        )
        self.session.add(meeting)
        self.counts["meetings"] += 1
        if cancelled:
            return
        people = self.bits.members_by_panel[panel.id]
        drawn = {m.id for m in people if self.rng.random() < 0.12}  # drawn even when not held
        away = drawn - _needed_for_quorum(people, drawn) if held else set()
        for m in people:
            state = ("apologies" if m.id in away else "present") if held else "invited"
            meeting.attendance.append(Attendance(member_id=m.id, status=state))
        self.sitting_count = len(people) - len(away)
        hearings = self._book(meeting, panel, day, held)
        if not held:
            for _hearing, case in hearings:
                case.status = "booked"
            return
        sections = [MinutesSection(position=0, title="Attendance and apologies", body="Present as recorded.")]
        for i, (hearing, case) in enumerate(hearings, start=1):
            section = self._hear(day, i, hearing, case)
            sections.append(section)
            self.waiting.append((section, hearing))
        signed = day < self.until - demo_clocks.SIGNED_AFTER
        sitting_minutes = Minutes(
            state="final" if signed else "draft",
            signed_off_by="Panel chair" if signed else None,
            signed_off_on=day + timedelta(days=1) if signed else None,  # before they go to the ADM
            sections=sections,
        )
        self.waiting.append((sitting_minutes, meeting))

    def _book(self, meeting: Meeting, panel: Panel, day: date, held: bool) -> list[tuple[Hearing, Case]]:
        """The sitting's cases (a deferred one comes back first), their slots and their papers."""
        n_cases = self.rng.randint(3, 5) if held else self.rng.randint(1, 4)
        cases_here: list[Case] = []
        if self.waiting_rehearing and held:
            cases_here.append(self.waiting_rehearing.pop(0))
        while len(cases_here) < n_cases:
            self.serial += 1
            cases_here.append(_new_case(self.session, self.rng, self.bits, self.serial, day))
            self.counts["cases"] += 1
        position = 0
        hearings: list[tuple[Hearing, Case]] = []
        for case in cases_here:
            hearing = Hearing(
                case=case,
                meeting=meeting,
                sequence=len(case.hearings) + 1,
                status="heard" if held else "booked",
                applicants_attend=case.case_type == CaseType.APPROVAL,
                chaired_by_id=panel.chair_id,
            )
            self.session.add(hearing)
            self.counts["hearings"] += 1
            hearings.append((hearing, case))
            position += 1
            minutes = case_types.get(case.case_type).slot_minutes
            if hearing.applicants_attend:
                minutes += DEFAULT_APPLICANTS_EXTRA_MINUTES
            meeting.agenda_items.append(
                AgendaItem(position=position, kind="case", hearing=hearing, duration_minutes=minutes)
            )
            if position == 2 and len(cases_here) > 2:  # a break between cases, never last
                position += 1
                meeting.agenda_items.append(
                    AgendaItem(position=position, kind="break", title="Break", duration_minutes=15)
                )
            _add_papers(self.rng, case, day, self.calendar)
        return hearings

    def _hear(self, day: date, i: int, hearing: Hearing, case: Case) -> MinutesSection:
        """The panel's recommendation, gradings and the ADM's decision; returns the minutes section."""
        ctype = CaseType(case.case_type)
        kind = case_types.get(ctype)
        outcome = _pick_outcome(self.rng, kind, len(case.hearings))
        if ctype == CaseType.APPROVAL and not self.forced_deferral and len(case.hearings) == 1:
            outcome, self.forced_deferral = "deferred", True
        against = outcome == "not_recommended"
        rec = Recommendation(
            outcome=outcome,
            vote_for=1 if against else self.sitting_count,  # those sitting vote (AAR 2005 reg 6)
            vote_against=self.sitting_count - 1 if against else 0,
            vote_abstain=0,
            reasons=f"The panel considered the {kind.label.lower()} papers and discussion.",
        )
        if outcome == "deferred":
            rec.deferral_needed = "An updated medical report and a further reference."
            rec.deferral_by = day + timedelta(days=42)
            self.waiting_rehearing.append(case)
            case.status = "open"
        self.waiting.append((rec, hearing))
        self._grade(day, hearing, case, kind)
        if outcome in ("recommended", "not_recommended"):
            self._adm_decision(day, hearing, case, kind, outcome)
        elif outcome == "noted":
            case.status = "closed"
        return MinutesSection(
            position=i,
            title=f"{case.reference}: {kind.label}",
            body="Summary of discussion, questions to the social worker and answers.",
        )

    def _grade(self, day: date, hearing: Hearing, case: Case, kind: CaseTypeRow) -> None:
        """The panel grades the papers this case type grades; the ADM grades the PAR too."""
        rng = self.rng
        over_cap = bool(case.stage2_start and (day - case.stage2_start).days > 122)
        for paper in kind.papers_graded:
            grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
            if paper == "PAR" and over_cap and grade in ("outstanding", "good"):
                grade = "requires_improvement"
            panel_grading = Grading(
                paper_type=paper,
                source="panel",
                grade=grade,
                strengths="Clear analysis of the applicants' strengths.",
                development="Chronology could be more concise.",
            )
            self.waiting.append((panel_grading, hearing))
            if paper == "PAR":
                adm_grade = grade if rng.random() < 0.8 else GRADES[min(3, GRADES.index(grade) + 1)]
                self.waiting.append((Grading(paper_type="PAR", source="adm", grade=adm_grade), hearing))

    def _adm_decision(self, day: date, hearing: Hearing, case: Case, kind: CaseTypeRow, outcome: str) -> None:
        """The ADM's record: minutes sent, decision (one approval not agreed), letters."""
        rng, calendar, until = self.rng, self.calendar, self.until
        la_adm = next((la.adm for la in self.bits.las if la.id == case.local_authority_id), None)
        adm = kind.routed_adm(self.bits.approvals_adm, la_adm)
        sent = calendar.add_working_days(day, rng.randint(3, 8))
        decided = calendar.add_working_days(sent, rng.randint(2, 8))
        decision = "agreed"
        if outcome == "recommended" and kind.code == CaseType.APPROVAL and not self.forced_disagreement:
            decision, self.forced_disagreement = "not_agreed", True
        record = AdmDecisionRecord(decision_maker_id=adm.id if adm else None)
        final = day < until - demo_clocks.SIGNED_AFTER  # only final minutes go to the ADM
        record.minutes_sent_on = sent if sent <= until and final else None
        if decided <= until and final:
            record.decision, record.decided_on = decision, decided
            notified = calendar.add_working_days(decided, rng.randint(1, 3))
            letter = calendar.add_working_days(decided, rng.randint(3, 6))
            record.sw_notified_on = notified if notified <= until else None
            record.letter_sent_on = letter if letter <= until else None
            case.status = "decided"
        else:
            case.status = "awaiting_decision"
        self.waiting.append((record, hearing))


def _needed_for_quorum(people: list[Member], away: set[int]) -> set[int]:
    """Of those drawn as sending apologies, who comes after all: a demo never records what an
    inquorate panel could not (reg 6). `people` starts with chair, vice chair and 2 SWs."""
    chair, vice, first_sw, second_sw = (m.id for m in people[:4])
    coming = {chair} if {chair, vice} <= away else set()
    coming |= {first_sw} if {first_sw, second_sw} <= away else set()
    for m in (m for m in people if m.id in away):
        if len(people) - len(away - coming) >= 6:  # reg 6's five, and one to spare
            break
        coming.add(m.id)
    return coming


def _flush_and_attach(session: Session, waiting: list[tuple[object, Hearing | Meeting]]) -> None:
    """Insert what is pending, then give the waiting rows their parents' new ids."""
    session.flush()
    for row, parent in waiting:
        if isinstance(parent, Meeting):
            row.meeting_id = parent.id  # type: ignore[attr-defined]
        else:
            row.hearing_id = parent.id  # type: ignore[attr-defined]
    # Sections go in with their minutes (cascade), in the same order as before.
    session.add_all(row for row, _ in waiting if not isinstance(row, MinutesSection))
    waiting.clear()


def _new_case(session: Session, rng: random.Random, bits: _AgencyBits, serial: int, day: date) -> Case:
    ctype = rng.choices([t for t, _ in CASE_TYPE_WEIGHTS], [w for _, w in CASE_TYPE_WEIGHTS])[0]
    la = rng.choice(bits.las)
    locs = bits.localities.get(la.id) or []
    first, last = _person(rng)
    case = Case(
        agency_id=bits.agency.id,
        reference=f"{bits.agency.short_name}-{day.year}-{serial:05d}",
        case_type=ctype.value,
        household=f"{first} and {rng.choice(FIRST_NAMES)} {last}",
        local_authority_id=la.id,
        locality_id=rng.choice(locs).id if locs else None,
        status="heard",
    )
    if ctype == CaseType.APPROVAL:
        demo_clocks.assessment_dates(case, day, day - timedelta(days=rng.randint(60, 150)))
    if ctype in (CaseType.MATCH, CaseType.CONSENT_PLAN, CaseType.DISRUPTION):
        for _ in range(1 if rng.random() < 0.8 else 2):
            given, fam = rng.choice(CHILD_NAMES), rng.choice(SURNAMES)
            case.children.append(
                CaseChild(
                    initials=f"{given[0]}{fam[0]}",
                    full_name=f"{given} {fam}",
                    date_of_birth=day - timedelta(days=rng.randint(200, 2500)),
                )
            )
        if ctype == CaseType.MATCH:
            case.placement_order_on = day - timedelta(days=rng.randint(60, 300))
    for role in ("adopters", "child") if ctype == CaseType.MATCH else ("adopters",):
        sw_first, sw_last = _person(rng)
        case.social_workers.append(
            SocialWorker(
                role=role,
                name=f"{sw_first} {sw_last}",
                team=f"{la.name} adoption team",
                email=f"{sw_first}.{sw_last}".lower() + "@example.org",
            )
        )
    session.add(case)
    return case


def _add_papers(rng: random.Random, case: Case, day: date, calendar: WorkingDayCalendar) -> None:
    if case.papers:
        return
    due = calendar.add_working_days(day, -10)
    for paper in case_types.get(case.case_type).default_papers:
        late = rng.random() < 0.2
        received = calendar.add_working_days(due, rng.randint(1, 4) if late else -rng.randint(0, 5))
        case.papers.append(
            CasePaper(
                paper_type=paper,
                author=" ".join(_person(rng)),
                due_on=due,
                received_on=received if received <= clock.today() else None,
                circulated_on=calendar.add_working_days(received, 1) if received < day else None,
            )
        )


def _pick_outcome(rng: random.Random, kind: CaseTypeRow, previous_hearings: int) -> str:
    if kind.noted_only:
        return "noted"
    roll = rng.random()
    if previous_hearings <= 1 and roll < 0.06:
        return "deferred"
    if roll > 0.96:
        return "not_recommended"
    return "recommended"
