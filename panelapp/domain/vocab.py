"""The agency's vocabularies: the exact codes used in data files and their labels.

Codes are the lower-case strings from domain.md; they are what the database
stores and what CSV/JSON files carry. Labels are the words shown to users.
"""

from __future__ import annotations

from enum import StrEnum


class CaseType(StrEnum):
    """The case types' codes. Everything else about a case type (its label, route, papers,
    slot...) is its row in `panelapp.domain.case_types`, which is also where a new one goes."""

    APPROVAL = "approval"
    BRIEF_REPORT = "brief_report"
    MATCH = "match"
    CONSENT_PLAN = "consent_plan"
    REVIEW = "review"
    DEREGISTRATION = "deregistration"
    DISRUPTION = "disruption"


class Outcome(StrEnum):
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    DEFERRED = "deferred"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def rank(self) -> int:
        """4 for outstanding down to 1 for inadequate: lets reports say 'one grade apart'."""
        return {"outstanding": 4, "good": 3, "requires_improvement": 2, "inadequate": 1}[self.value]


class AdmDecision(StrEnum):
    AGREED = "agreed"
    NOT_AGREED = "not_agreed"
    FURTHER_INFO = "further_info"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {
            "agreed": "Agreed",
            "not_agreed": "Not agreed",
            "further_info": "Further information requested",
            "pending": "Pending",
        }[self.value]


class Paper(StrEnum):
    PAR = "PAR"
    CPR = "CPR"
    APR = "APR"

    @property
    def label(self) -> str:
        return {
            "PAR": "Prospective Adopter's Report",
            "CPR": "Child Permanence Report",
            "APR": "Adoption Placement Report",
        }[self.value]


# Other papers that can be on a checklist but are not graded.
HEALTH_REPORT = "health"
REVIEW_REPORT = "review_report"
DISRUPTION_REPORT = "disruption_report"
BRIEF_PAR = "brief_PAR"

PAPER_LABELS: dict[str, str] = {
    "PAR": "PAR",
    "CPR": "CPR",
    "APR": "APR (with adoption support plan)",
    HEALTH_REPORT: "Child's health report",
    REVIEW_REPORT: "Review report",
    DISRUPTION_REPORT: "Disruption report",
    BRIEF_PAR: "Brief PAR",
}


class Role(StrEnum):
    """Roles a person on the central list can hold (codes of the members import)."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SOCIAL_WORKER = "social_worker"
    INDEPENDENT = "independent"
    MEDICAL_ADVISER = "medical_adviser"
    COUNCILLOR = "councillor"
    EDUCATION = "education"
    ADVISER = "adviser"
    ADMINISTRATOR = "administrator"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def counts_for_quorum(self) -> bool:
        return self not in NON_MEMBER_ROLES


_ROLE_LABELS = {
    Role.CHAIR: "Independent chair",
    Role.VICE_CHAIR: "Vice chair",
    Role.SOCIAL_WORKER: "Social work member",
    Role.INDEPENDENT: "Independent member",
    Role.MEDICAL_ADVISER: "Medical adviser",
    Role.COUNCILLOR: "Elected councillor",
    Role.EDUCATION: "Education specialist",
    Role.ADVISER: "Panel adviser",
    Role.ADMINISTRATOR: "Panel administrator",
    Role.OBSERVER: "Observer",
}

# Staff who support a panel but are not members and never count towards quorum.
NON_MEMBER_ROLES = frozenset({Role.ADVISER, Role.ADMINISTRATOR, Role.OBSERVER})


class MemberStatus(StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {"active": "Active", "on_leave": "On leave", "left": "Left"}[self.value]


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AttendanceStatus(StrEnum):
    """One word per status everywhere (roster, panel day, audit); listed in the order offered."""

    INVITED = "invited"
    PRESENT = "present"
    LATE = "late"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return _ATTENDANCE_LABELS[self]


_ATTENDANCE_LABELS = {
    AttendanceStatus.INVITED: "Invited",
    AttendanceStatus.PRESENT: "Present",
    AttendanceStatus.LATE: "Joined late",
    AttendanceStatus.APOLOGIES: "Apologies",
    AttendanceStatus.ABSENT: "Absent",
}


class CaseStatus(StrEnum):
    OPEN = "open"
    BOOKED = "booked"
    HEARD = "heard"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class MinutesState(StrEnum):
    DRAFT = "draft"
    WITH_CHAIR = "with_chair"
    FINAL = "final"


class AgendaItemKind(StrEnum):
    CASE = "case"
    BREAK = "break"
    PANEL_ONLY = "panel_only"
    OTHER = "other"


class SocialWorkerRole(StrEnum):
    ADOPTERS = "adopters"
    CHILD = "child"
    FAMILY_FINDER = "family_finder"


class UserRole(StrEnum):
    """The app's permission roles (not panel roles)."""

    ADMINISTRATOR = "administrator"
    ADVISER = "adviser"
    CHAIR = "chair"
    VIEWER = "viewer"


class NonWorkingDayPolicy(StrEnum):
    NEXT_WORKING_DAY = "next_working_day"
    CANCEL = "cancel"
