"""A small agency with one reporting period of panel business, for the chairs' report tests.

The period is 1 April to 30 September 2026. Setup, sittings, cases, hearings,
recommendations and panel gradings are written through the ORM in one audited write
session; ADM decisions (and the ADM's PAR grades) go through the ADM recording service.
Every figure the report should show is worked out by hand in EXPECTED_JSON below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select

from db.models import (
    Agency,
    Case,
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
    Panel,
    Recommendation,
)
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision, Grade
from panelapp.services import adm
from panelapp.services.context import ServiceContext

PERIOD_FROM = date(2026, 4, 1)
PERIOD_TO = date(2026, 9, 30)
TODAY = date(2026, 11, 1)  # when the report is made: ADM decisions up to here are known

# Hand-computed (see the comments in build_period):
#  heard: M1 (C1 deferred, C2, C5) + M2 (C1 again, C6, C9; C14 withdrawn) + M4 (C3, C4, C8)
#         + M7 (C7, on the last day) + M8 (C15, sitting left "scheduled") = 11
#  households: C1, C2, C3, C15 recommended, less C2 not agreed by the ADM = 3
#  ADM over the 9 recommended / not recommended hearings: agreed C1 C3 C5 C8 C15;
#      not agreed C2; further info C7; pending C4 (minutes sent) and C6 (no record);
#      decided after 30/09: C3 (agreed 05/10); C7's request for information is not a decision
#  PAR (approvals only): panel RI (C1 at M1), good (C1 at M2), outstanding (C2), RI (C3),
#      inadequate (C4), good (C15); C5's PAR at a match is not counted
#  ADM PAR: good (C1), good (C2), RI (C3) -> same as panel for C1 and C3: 2 of 3 = 66.7%
#  ADM on time (issue 17: decided within 7 working days of the final minutes being sent,
#      England's bank holidays skipped), over the 6 decisions (agreed or not agreed):
#      C1@M2 sent Fri 15/05, day 7 is 27/05 (25/05 a bank holiday), decided 28/05: late;
#      C2 sent 17/04, day 7 is 28/04, decided 30/04: late; C5 same clock, decided 28/04: on time;
#      C15 sent 17/07, day 7 is 28/07, decided 30/07: late; C3 sent 25/09, day 7 is 06/10,
#      decided 05/10: on time; C8 sent 19/06, day 7 is 30/06, decided 30/06: on time -> 3 of 6 = 50%
#  the social worker told within 2 working days of the decision and the applicants in writing
#      within 5 (England's bank holidays skipped), over the decisions with that date recorded:
#      told: C1@M2 decided Thu 28/05, day 2 is Mon 01/06, told 01/06: on time; C2 decided
#      30/04, day 2 is Tue 05/05 (04/05 a bank holiday), told 05/05: on time; C5 decided 28/04,
#      day 2 is 30/04, told 01/05: late; C8 decided 30/06, day 2 is 02/07, told 02/07: on time;
#      C3 decided Mon 05/10, day 2 is 07/10, told 08/10: late; C15 no date -> 3 of 5 = 60%
#      letter: C1@M2 day 5 is 04/06, sent 04/06: on time; C2 day 5 is 08/05, sent 08/05: on
#      time; C5 day 5 is Wed 06/05 (the bank holiday skipped), sent 07/05: late; C15 decided
#      30/07, day 5 is 06/08, sent 06/08: on time; C3 day 5 is 12/10, sent 12/10: on time;
#      C8 no letter date -> 4 of 5 = 80%
#  further information then decided: none (C7's request is not answered yet)
#  APR (matches): C5 good, C6 outstanding. CPR wherever graded (issue 17): C5 good, C6 RI at
#      matches and C8 good at a consent plan -> good 2, RI 1
#  grade differences (the ADM's PAR against the panel's): C1@M2 good/good and C3 RI/RI the
#      same; C2 outstanding/good: the ADM one grade lower
#  children (none recorded: one each): matched C5 C6 C7 = 3; consent plans C8 = 1; no match
#      marked inter-agency; no Stage 2 start recorded, so no PAR capped; no chair recorded for
#      a hearing, so no vice chair chairing; no paper due, so none late; no attendance
#      recorded, so no attendance percentage; no disruption report heard
#  sittings held: M1 M2 M4 M7 M8; cancelled: M3 (a case booked) and M10; 11 cases / 5 = 2.2
EXPECTED_JSON: dict[str, object] = {
    "from": "2026-04-01",
    "to": "2026-09-30",
    "cases_heard": 11,
    "heard_by_type": {
        "approval": 6,
        "brief_report": 0,
        "match": 3,
        "consent_plan": 1,
        "review": 0,
        "deregistration": 1,
        "disruption": 0,
    },
    "households_approved": 3,
    "deferred": 1,
    "matches_by_area": {"Bexley": 0, "East Kent": 0, "North Kent": 1, "Medway": 1, "Kent": 1},
    "adm": {
        "agreed": 5,
        "not_agreed": 1,
        "further_info": 1,
        "pending": 2,
        "decided_after_period": 1,
        "further_info_then_decided": 0,
        "on_time_pct": 50.0,
        "sw_notification_on_time_pct": 60.0,
        "written_confirmation_on_time_pct": 80.0,
    },
    "gradings": {
        "panel": {
            "PAR": {"outstanding": 1, "good": 2, "requires_improvement": 2, "inadequate": 1},
            "CPR": {"outstanding": 0, "good": 2, "requires_improvement": 1, "inadequate": 0},
            "APR": {"outstanding": 1, "good": 1, "requires_improvement": 0, "inadequate": 0},
        },
        "adm": {
            "PAR": {"outstanding": 0, "good": 2, "requires_improvement": 1, "inadequate": 0},
            "CPR": {"outstanding": 0, "good": 0, "requires_improvement": 0, "inadequate": 0},
            "APR": {"outstanding": 0, "good": 0, "requires_improvement": 0, "inadequate": 0},
        },
    },
    "adm_grade_concurrence_pct": 66.7,
    "sittings_held": 5,
    "sittings_cancelled": 2,
    "children_matched": 3,
    "children_consent_plans": 1,
    "inter_agency_matches": 0,
    "grading_differences": {"same": 2, "one_higher": 0, "one_lower": 1, "more": 0},
    "pars_capped": 0,
    "sittings_chaired_by_vice_chair": 0,
    "cases_per_sitting": 2.2,
    "late_papers": 0,
    "attendance_pct": None,
    "disruptions": 0,
}


@dataclass
class PeriodData:
    agency_id: int
    panel_a: int
    panel_b: int
    hearings: dict[str, int] = field(default_factory=dict)  # "C1@M1" -> hearing id


def build_period(ctx: ServiceContext) -> PeriodData:
    with ctx.write(Permission.EDIT_SETTINGS, "Report test data") as s:
        agency = Agency(name="Southvale Adoption Agency", short_name="SVAA", marking="OFFICIAL-SENSITIVE")
        s.add(agency)
        s.flush()
        head = DecisionMaker(agency_id=agency.id, name="Pat Head", handles_approvals=True)
        la_adm = DecisionMaker(agency_id=agency.id, name="Lee Director")
        s.add_all([head, la_adm])
        bexley = LocalAuthority(agency_id=agency.id, name="Bexley", adm=la_adm)
        kent = LocalAuthority(agency_id=agency.id, name="Kent", adm=la_adm)
        kent.localities = [Locality(name="North Kent"), Locality(name="East Kent")]
        medway = LocalAuthority(agency_id=agency.id, name="Medway", adm=la_adm)
        panel_a = Panel(agency_id=agency.id, name="Panel A", rule="monthly 2nd Tuesday")
        panel_b = Panel(agency_id=agency.id, name="Panel B", rule="monthly 3rd Tuesday")
        s.add_all([bexley, kent, medway, panel_a, panel_b])
        s.flush()
        north_kent = kent.localities[0]

        def meeting(panel: Panel, day: date, status: str) -> Meeting:
            m = Meeting(panel_id=panel.id, date=day, start_time=time(9, 30), status=status)
            s.add(m)
            return m

        m1 = meeting(panel_a, date(2026, 4, 14), "held")
        m2 = meeting(panel_a, date(2026, 5, 12), "held")
        m3 = meeting(panel_b, date(2026, 5, 19), "cancelled")
        m4 = meeting(panel_b, date(2026, 6, 16), "held")
        m5 = meeting(panel_a, date(2026, 3, 31), "held")  # the day before the period
        m6 = meeting(panel_a, date(2026, 10, 13), "held")  # after the period
        m7 = meeting(panel_b, date(2026, 9, 30), "held")  # the period's last day
        m8 = meeting(panel_a, date(2026, 7, 14), "scheduled")  # outcome recorded, status not updated
        meeting(panel_b, date(2026, 8, 18), "scheduled")  # nothing heard: not held
        meeting(panel_a, date(2026, 8, 11), "cancelled")
        s.flush()

        def new_case(
            ref: str, case_type: str, la: LocalAuthority | None = None, loc: Locality | None = None
        ) -> Case:
            c = Case(
                agency_id=agency.id,
                reference=ref,
                case_type=case_type,
                household=f"Household {ref}",
                local_authority_id=la.id if la else None,
                locality_id=loc.id if loc else None,
            )
            s.add(c)
            return c

        hearings: dict[str, Hearing] = {}

        def hear(
            label: str, case: Case, m: Meeting, outcome: str | None, status: str = "heard", seq: int = 1
        ) -> Hearing:
            h = Hearing(case=case, meeting=m, sequence=seq, status=status)
            s.add(h)
            s.flush()
            if outcome:
                s.add(Recommendation(hearing_id=h.id, outcome=outcome))
            hearings[label] = h
            return h

        def grade(h: Hearing, paper: str, value: Grade) -> None:
            s.add(Grading(hearing_id=h.id, paper_type=paper, source="panel", grade=value.value))

        c1 = new_case("C1", "approval", bexley)
        grade(hear("C1@M1", c1, m1, "deferred"), "PAR", Grade.REQUIRES_IMPROVEMENT)
        grade(hear("C1@M2", c1, m2, "recommended", seq=2), "PAR", Grade.GOOD)
        c2 = new_case("C2", "approval", kent)
        grade(hear("C2", c2, m1, "recommended"), "PAR", Grade.OUTSTANDING)
        c3 = new_case("C3", "approval", medway)
        grade(hear("C3", c3, m4, "recommended"), "PAR", Grade.REQUIRES_IMPROVEMENT)
        c4 = new_case("C4", "approval", bexley)
        grade(hear("C4", c4, m4, "not_recommended"), "PAR", Grade.INADEQUATE)
        c5 = new_case("C5", "match", kent, north_kent)
        h5 = hear("C5", c5, m1, "recommended")
        grade(h5, "APR", Grade.GOOD)
        grade(h5, "CPR", Grade.GOOD)
        grade(h5, "PAR", Grade.GOOD)  # a PAR at a match: not in the approvals table
        c6 = new_case("C6", "match", kent)  # Kent with no locality: reported as "Kent"
        h6 = hear("C6", c6, m2, "recommended")
        grade(h6, "APR", Grade.OUTSTANDING)
        grade(h6, "CPR", Grade.REQUIRES_IMPROVEMENT)
        hear("C7", new_case("C7", "match", medway), m7, "recommended")
        grade(hear("C8", new_case("C8", "consent_plan", bexley), m4, "recommended"), "CPR", Grade.GOOD)
        hear("C9", new_case("C9", "deregistration"), m2, "noted")
        grade(hear("C11", new_case("C11", "approval", bexley), m5, "recommended"), "PAR", Grade.GOOD)
        hear("C12", new_case("C12", "match", medway), m6, "recommended")
        hear("C13", new_case("C13", "approval", bexley), m3, None, status="booked")
        hear("C14", new_case("C14", "review", bexley), m2, None, status="withdrawn")
        grade(
            hear("C15", new_case("C15", "approval", kent), m8, "recommended", status="booked"),
            "PAR",
            Grade.GOOD,
        )
        data = PeriodData(agency.id, panel_a.id, panel_b.id)
        s.flush()
        data.hearings = {label: h.id for label, h in hearings.items()}
    ctx.reset_agency()

    def decide(
        label: str,
        sent: date,
        decision: AdmDecision | None,
        on: date | None,
        par: Grade | None = None,
        told: date | None = None,
        letter: date | None = None,
    ) -> None:
        hid = data.hearings[label]
        _signed_off(ctx, hid)  # only final minutes go to the ADM
        saved = adm.record_minutes_sent(ctx, hid, sent, None, today=TODAY)
        if decision is not None:
            wanted = "An updated medical report" if decision is AdmDecision.FURTHER_INFO else ""
            entry = adm.DecisionEntry(
                decision, on, par, sw_notified_on=told, letter_sent_on=letter, information_wanted=wanted
            )
            adm.record_decision(ctx, hid, entry, saved.version, today=TODAY)

    # The social worker told (2 working days) and the letter sent (5): see the hand count above.
    decide(
        "C1@M2",
        date(2026, 5, 15),
        AdmDecision.AGREED,
        date(2026, 5, 28),
        Grade.GOOD,
        told=date(2026, 6, 1),
        letter=date(2026, 6, 4),
    )
    decide(
        "C2",
        date(2026, 4, 17),
        AdmDecision.NOT_AGREED,
        date(2026, 4, 30),
        Grade.GOOD,
        told=date(2026, 5, 5),
        letter=date(2026, 5, 8),
    )
    decide(
        "C3",
        date(2026, 9, 25),
        AdmDecision.AGREED,
        date(2026, 10, 5),
        Grade.REQUIRES_IMPROVEMENT,
        told=date(2026, 10, 8),
        letter=date(2026, 10, 12),
    )
    decide("C4", date(2026, 6, 19), None, None)
    decide(
        "C5",
        date(2026, 4, 17),
        AdmDecision.AGREED,
        date(2026, 4, 28),
        told=date(2026, 5, 1),
        letter=date(2026, 5, 7),
    )
    decide("C7", date(2026, 10, 2), AdmDecision.FURTHER_INFO, date(2026, 10, 7))
    decide("C8", date(2026, 6, 19), AdmDecision.AGREED, date(2026, 6, 30), told=date(2026, 7, 2))
    decide("C11", date(2026, 4, 2), AdmDecision.AGREED, date(2026, 4, 9), Grade.OUTSTANDING)
    decide("C15", date(2026, 7, 17), AdmDecision.AGREED, date(2026, 7, 30), letter=date(2026, 8, 6))
    _add_members(ctx, data)
    _add_other_agency(ctx)
    return data


# Appendix A on 30/09/2026, surname order; and the changes in the period.
EXPECTED_APPENDIX = [
    ("Ivy Rowe", "independent chair", "Panel B"),
    ("Fay Upton", "Medway councillor", "Across panels"),
    ("Eve Vale", "independent member – currently on maternity leave", "Panel A"),
    ("Carol Xu", "social work member", "Panel B"),
    ("Bob Young", "independent vice chair", "Panel A"),
    ("Alice Zephyr", "independent chair", "Panel A"),
]
EXPECTED_CHANGES = [
    ("joined", "Carol Xu", date(2026, 6, 1)),
    ("left", "Dan Wu", date(2026, 7, 1)),
    ("new_chair", "Ivy Rowe", date(2026, 9, 1)),
    ("new_vice_chair", "Bob Young", date(2026, 5, 1)),
]


def _add_members(ctx: ServiceContext, data: PeriodData) -> None:
    with ctx.write(Permission.EDIT_MEMBERS, "Report test members") as s:
        medway = s.query(LocalAuthority).filter_by(agency_id=data.agency_id, name="Medway").one()

        def person(
            first: str,
            last: str,
            joined: date,
            panel: int | None,
            roles: list[tuple[str, date, date | None]],
            **kw: object,
        ) -> Member:
            m = Member(
                agency_id=data.agency_id,
                first_name=first,
                last_name=last,
                joined_on=joined,
                home_panel_id=panel,
                **kw,
            )
            m.roles = [MemberRole(role=r, from_date=f, to_date=t) for r, f, t in roles]
            m.statuses = [MemberStatusPeriod(status="active", start_date=joined)]
            s.add(m)
            return m

        person("Alice", "Zephyr", date(2018, 1, 1), data.panel_a, [("chair", date(2018, 1, 1), None)])
        person(
            "Bob",
            "Young",
            date(2019, 1, 1),
            data.panel_a,
            [("independent", date(2019, 1, 1), None), ("vice_chair", date(2026, 5, 1), None)],
        )
        person("Carol", "Xu", date(2026, 6, 1), data.panel_b, [("social_worker", date(2026, 6, 1), None)])
        dan = person("Dan", "Wu", date(2019, 1, 1), data.panel_b, [("independent", date(2019, 1, 1), None)])
        dan.statuses[0].end_date = date(2026, 6, 30)
        dan.statuses.append(MemberStatusPeriod(status="left", start_date=date(2026, 7, 1)))
        eve = person("Eve", "Vale", date(2020, 1, 1), data.panel_a, [("independent", date(2020, 1, 1), None)])
        eve.statuses[0].end_date = date(2026, 2, 28)
        eve.statuses.append(
            MemberStatusPeriod(status="on_leave", start_date=date(2026, 3, 1), note="maternity leave")
        )
        person(
            "Fay",
            "Upton",
            date(2021, 1, 1),
            None,
            [("councillor", date(2021, 1, 1), None)],
            local_authority_id=medway.id,
        )
        person("Gus", "Turner", date(2015, 1, 1), None, [("adviser", date(2015, 1, 1), None)])
        person("Hal", "Stone", date(2026, 11, 1), None, [("medical_adviser", date(2026, 11, 1), None)])
        person(
            "Ivy",
            "Rowe",
            date(2017, 1, 1),
            data.panel_b,
            [("independent", date(2017, 1, 1), date(2026, 8, 31)), ("chair", date(2026, 9, 1), None)],
        )


def _add_other_agency(ctx: ServiceContext) -> None:
    """Another agency's hearing in the same period: never counted for ours."""
    with ctx.write(Permission.EDIT_SETTINGS, "Other agency") as s:
        other = Agency(name="Elsewhere Agency", short_name="EA")
        s.add(other)
        s.flush()
        panel = Panel(agency_id=other.id, name="Panel A")
        s.add(panel)
        s.flush()
        m = Meeting(panel_id=panel.id, date=date(2026, 5, 5), start_time=time(9, 30), status="held")
        c = Case(agency_id=other.id, reference="C1", case_type="approval")
        h = Hearing(case=c, meeting=m, status="heard")
        s.add_all([m, c, h])
        s.flush()
        s.add(Recommendation(hearing_id=h.id, outcome="recommended"))


def _signed_off(ctx: ServiceContext, hearing_id: int) -> None:
    """The hearing's sitting has final minutes (signed off by its chair)."""
    with ctx.write(Permission.EDIT_MINUTES, "Minutes signed off (test data)") as session:
        meeting_id = session.scalar(select(Hearing.meeting_id).where(Hearing.id == hearing_id))
        if session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting_id)) is None:
            session.add(Minutes(meeting_id=meeting_id, state="final", signed_off_by="Test Chair"))
