"""The statutory clocks: what is due after a recommendation, and an approval's own clocks.

Pure rules over the dates on one ADM decision record (``AdmDates``) or one case
(``CaseDates``) and the agency's policy. Every clock here is statutory, so it runs on the
regulations' working days (``WorkingDayCalendar.statutory()``: weekends, Christmas Day,
Good Friday and bank holidays in England excluded, AAR 2005 reg 2(1)); the agency's
closure days move sittings and paper deadlines, never these. Conventions:

- "N working days after D" is the N-th working day after D, D itself not counted
  (``WorkingDayCalendar.add_working_days``).
- A period "beginning with" D counts D as day 1 when D is a working day
  (``WorkingDayCalendar.period_end_beginning_with``), as the regulations word their
  windows ("within 40 working days beginning with the date on which the notification
  was sent").

After a recommendation (``deadlines_for``):

- ``adm_decision``: the ADM decides within ``adm_decision_wd`` working days after the
  final minutes were sent (recording that date starts the clock). Done when the ADM has
  agreed or not agreed. "Further information requested" is not a decision: it is kept
  as a request (what, by when) and the item stays open until the information is
  provided, which restarts the clock from that day.
- ``sw_notification`` / ``written_confirmation``: the social worker told, the applicants
  told in writing, within ``sw_notification_wd`` / ``written_confirmation_wd`` working
  days after the decision.
- ``representations``: after a qualifying determination (the ADM decides the panel's
  adverse answer: applicants not suitable after a full assessment or a brief report, AAR
  2005 reg 30B(5); an approval ending after a review, reg 30D), a window of 40 working
  days beginning with the day the written determination was sent, for representations
  to the agency or an application to the Independent Review Mechanism. It is the
  applicants' time, so it is never "overdue": open until it ends, done once
  representations or an IRM application are recorded or once it has closed.
- ``final_decision``: after representations or the IRM, the ADM's final decision within
  ``adm_decision_wd`` working days after receiving the re-hearing's (the panel's or the
  IRM panel's) recommendation. The regulations set no number (reg 30B(8) asks for the
  decision "taking into account" the recommendation); PanelApp applies the ADM's usual
  target (statutory guidance 2013, chapter 3) and says so here.

A case's own clocks (``case_deadlines``), for the case types whose row records the dates:

- ``stage_two_decision``: the ADM decides on suitability within four months of stage two
  starting (reg 30B(1): of receiving the applicants' notice to proceed). Done on the
  ADM's first decision (agreed or not agreed) on a hearing of the case.
- ``par_comments``: the applicants' 10 working days, beginning with the day the report
  was sent to them, to comment before it goes to panel (reg 30(3)-(4) as substituted in
  2013; the brief report likewise). A window (never overdue); done when the comments are
  received. ``par_comments_warning`` says when a sitting falls inside it.
- ``approval_review``: approved adopters' approval is reviewed not more than a year after
  approval and then at intervals of not more than a year while no child is placed (reg
  30D(1)-(2)). Due a year after the later of the approval (the ADM's favourable decision)
  and the last review; done when a child is placed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from panelapp.domain import case_types
from panelapp.domain.case_types import ClockDate
from panelapp.domain.membership import add_months
from panelapp.domain.periods import uk_date
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.vocab import AdmDecision, Outcome
from panelapp.domain.workdays import WorkingDayCalendar

# Done items stay on the tracker this long, so a user sees what they just recorded.
RECENTLY_DONE_DAYS = 28
# "Due this week": after today and within the next seven days.
THIS_WEEK_DAYS = 7
# reg 30B(1): the ADM's decision within four months of stage two starting.
STAGE_TWO_MONTHS = 4
# reg 30 (as substituted in 2013): the applicants' 10 working days to comment on the report.
PAR_COMMENTS_WD = 10
# reg 30D(2): a review not more than a year after approval, then at most yearly.
REVIEW_INTERVAL_MONTHS = 12

DECIDED = frozenset({AdmDecision.AGREED, AdmDecision.NOT_AGREED})


class DeadlineKind(StrEnum):
    ADM_DECISION = "adm_decision"
    SW_NOTIFICATION = "sw_notification"
    WRITTEN_CONFIRMATION = "written_confirmation"
    REPRESENTATIONS = "representations"
    FINAL_DECISION = "final_decision"
    STAGE_TWO_DECISION = "stage_two_decision"
    PAR_COMMENTS = "par_comments"
    APPROVAL_REVIEW = "approval_review"

    @property
    def label(self) -> str:
        return {
            "adm_decision": "ADM decision",
            "sw_notification": "Social worker told",
            "written_confirmation": "Decision in writing",
            "representations": "Representations / IRM window",
            "final_decision": "ADM's final decision",
            "stage_two_decision": "Decision within 4 months of stage two",
            "par_comments": "Applicants' comments on the report",
            "approval_review": "Review of approval",
        }[self.value]

    @property
    def is_window(self) -> bool:
        """The applicants' own time, not a task: never overdue, it closes by itself."""
        return self in _WINDOWS  # asked ~20,000 times a tracker load: a set, made once


_WINDOWS = frozenset({DeadlineKind.REPRESENTATIONS, DeadlineKind.PAR_COMMENTS})


class DeadlineStatus(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    DONE = "done"


class TrackerGroup(StrEnum):
    """Where an item shows on the tracker, in display order."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_THIS_WEEK = "due_this_week"
    LATER = "later"
    DONE = "done"  # done within the last RECENTLY_DONE_DAYS
    ARCHIVED = "archived"  # done longer ago: not shown on the tracker

    @property
    def label(self) -> str:
        return {
            "overdue": "Overdue",
            "due_today": "Due today",
            "due_this_week": "Due this week",
            "later": "Later",
            "done": "Done recently",
            "archived": "Done",
        }[self.value]


@dataclass(frozen=True)
class FurtherInformation:
    """The ADM asked for more before deciding: what, by when, and when it was provided."""

    requested_on: date
    what: str
    due_by: date | None = None
    provided_on: date | None = None

    def describe(self) -> str:
        text = f"Further information requested {uk_date(self.requested_on)}"
        text += f": {self.what}" if self.what else ""
        text += f" (by {uk_date(self.due_by)})" if self.due_by else ""
        provided = f"provided {uk_date(self.provided_on)}" if self.provided_on else "not provided yet"
        return f"{text}; {provided}"


def decision_history(
    requests: Iterable[FurtherInformation], decision: AdmDecision, decided_on: date | None
) -> str:
    """The ADM's steps in order: "Further information requested 02/12/2026: updated medical;
    provided 09/12/2026; then agreed 14/12/2026". Empty when there was no request."""
    parts = [r.describe() for r in sorted(requests, key=lambda r: r.requested_on)]
    if parts and decision in DECIDED and decided_on is not None:
        parts.append(f"then {decision.label.lower()} {uk_date(decided_on)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class AdmDates:
    """The facts on one ADM decision record that the clock depends on."""

    case_type: str  # its code (panelapp.domain.case_types)
    outcome: Outcome  # the panel's recommendation
    decision: AdmDecision = AdmDecision.PENDING
    minutes_sent_on: date | None = None
    decided_on: date | None = None
    sw_notified_on: date | None = None
    letter_sent_on: date | None = None
    representations_received_on: date | None = None
    irm_applied_on: date | None = None
    review_recommendation_on: date | None = None  # the re-hearing's recommendation received
    final_decision: Outcome | None = None  # the ADM's final answer, in the case type's answers
    final_decided_on: date | None = None
    further_information: tuple[FurtherInformation, ...] = ()

    @property
    def challenged_on(self) -> date | None:
        """When representations or an IRM application were first recorded."""
        answered = [d for d in (self.representations_received_on, self.irm_applied_on) if d]
        return min(answered) if answered else None


@dataclass(frozen=True)
class Deadline:
    """One item on the clock: counted from ``starts_on``, due on ``due``."""

    kind: DeadlineKind
    starts_on: date
    due: date
    done_on: date | None = None  # the recorded date that completes it

    def status(self, as_of: date) -> DeadlineStatus:
        if self.closed_on(as_of) is not None:
            return DeadlineStatus.DONE
        if self.kind.is_window or as_of <= self.due:
            return DeadlineStatus.DUE
        return DeadlineStatus.OVERDUE

    def closed_on(self, as_of: date) -> date | None:
        """When it was done, as seen on ``as_of``: a window closes by itself."""
        if self.done_on is not None and self.done_on <= as_of:
            return self.done_on
        if self.kind.is_window and as_of > self.due:
            return self.due
        return None

    @property
    def late(self) -> bool:
        """Done, but after the deadline (the chairs' report counts these)."""
        return self.done_on is not None and self.done_on > self.due

    def group(self, as_of: date) -> TrackerGroup:
        closed = self.closed_on(as_of)
        if closed is not None:
            recent = as_of - closed <= timedelta(days=RECENTLY_DONE_DAYS)
            return TrackerGroup.DONE if recent else TrackerGroup.ARCHIVED
        if not self.kind.is_window and as_of > self.due:
            return TrackerGroup.OVERDUE
        if self.due == as_of:
            return TrackerGroup.DUE_TODAY
        if self.due <= as_of + timedelta(days=THIS_WEEK_DAYS):
            return TrackerGroup.DUE_THIS_WEEK
        return TrackerGroup.LATER


def is_adverse(case_type: str, answer: Outcome) -> bool:
    """Whether this answer, for this case type, goes against the applicants."""
    adverse = case_types.get(case_type).adverse_answer
    return adverse is not None and answer is adverse


def is_qualifying_determination(case_type: str, outcome: Outcome, decision: AdmDecision) -> bool:
    """The ADM decides the adverse answer (opens representations / IRM: reg 30B(5), 30D).

    Either the ADM agrees with the panel's adverse recommendation, or does not agree with
    its favourable one. Case types whose row declares no adverse answer never qualify.
    """
    row = case_types.get(case_type)
    if row.adverse_answer is None or outcome not in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED):
        return False
    if decision is AdmDecision.AGREED:
        return outcome is row.adverse_answer
    return decision is AdmDecision.NOT_AGREED and outcome is not row.adverse_answer


def representations_window_end(letter_sent_on: date) -> date:
    """The last day of the 40 working days beginning with the written determination's day."""
    return WorkingDayCalendar.statutory().period_end_beginning_with(
        letter_sent_on, AgencyPolicy().representations_wd
    )


def deadlines_for(record: AdmDates, policy: AgencyPolicy) -> tuple[Deadline, ...]:
    """The items this record has so far: none until the minutes are sent."""
    calendar = WorkingDayCalendar.statutory()
    items: list[Deadline] = []
    decided = record.decision in DECIDED and record.decided_on is not None
    if record.minutes_sent_on is not None:
        items.append(
            Deadline(
                DeadlineKind.ADM_DECISION,
                record.minutes_sent_on,
                calendar.add_working_days(record.minutes_sent_on, policy.adm_decision_wd),
                record.decided_on if decided else None,
            )
        )
    if not decided or record.decided_on is None:
        return tuple(items)
    decided_on = record.decided_on
    for kind, days, done in (
        (DeadlineKind.SW_NOTIFICATION, policy.sw_notification_wd, record.sw_notified_on),
        (DeadlineKind.WRITTEN_CONFIRMATION, policy.written_confirmation_wd, record.letter_sent_on),
    ):
        items.append(Deadline(kind, decided_on, calendar.add_working_days(decided_on, days), done))
    qualifying = is_qualifying_determination(record.case_type, record.outcome, record.decision)
    if qualifying and record.letter_sent_on is not None:
        items += _challenge_items(record, record.letter_sent_on, policy, calendar)
    return tuple(items)


def _challenge_items(
    record: AdmDates, letter_sent_on: date, policy: AgencyPolicy, calendar: WorkingDayCalendar
) -> list[Deadline]:
    """The representations / IRM window and, once the re-hearing has recommended, the final decision."""
    items = [
        Deadline(
            DeadlineKind.REPRESENTATIONS,
            letter_sent_on,
            calendar.period_end_beginning_with(letter_sent_on, policy.representations_wd),
            record.challenged_on,
        )
    ]
    if record.review_recommendation_on is not None:
        final_done = record.final_decided_on if record.final_decision is not None else None
        items.append(
            Deadline(
                DeadlineKind.FINAL_DECISION,
                record.review_recommendation_on,
                calendar.add_working_days(record.review_recommendation_on, policy.adm_decision_wd),
                final_done,
            )
        )
    return items


def overdue(items: Iterable[Deadline], as_of: date) -> int:
    """How many of these items are overdue on ``as_of``."""
    return sum(1 for item in items if item.status(as_of) is DeadlineStatus.OVERDUE)


# -- a case's own clocks ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseDates:
    """The dates on a case (and its ADM decisions) that its own clocks depend on."""

    case_type: str
    stage_two_started_on: date | None = None
    par_sent_on: date | None = None
    par_comments_on: date | None = None
    approval_reviewed_on: date | None = None
    child_placed_on: date | None = None
    first_decided_on: date | None = None  # the ADM's first decision (agreed / not agreed)
    approved_on: date | None = None  # the ADM decided the applicants suitable (not adverse)


def approval_date(
    case_type: str, decisions: Iterable[tuple[Outcome, AdmDecision, date | None]]
) -> date | None:
    """The first ADM decision that the applicants are suitable: deciding the case type's
    favourable answer (agreeing with it, or not agreeing with the adverse one).

    ``decisions`` are (panel's outcome, ADM's decision, decided on) of the case's hearings;
    a final decision after representations is passed as (answer, AGREED, date).
    """
    row = case_types.get(case_type)
    if row.adverse_answer is None:
        return None
    found = [
        on
        for outcome, decision, on in decisions
        if on is not None
        and decision in DECIDED
        and outcome in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED)
        and not is_qualifying_determination(case_type, outcome, decision)
    ]
    return min(found) if found else None


def case_deadlines(dates: CaseDates) -> tuple[Deadline, ...]:
    """Stage two decision, the applicants' comments and the yearly review, where they apply."""
    row = case_types.get(dates.case_type)
    items: list[Deadline] = []
    start = dates.stage_two_started_on
    if start is not None and row.has_date(ClockDate.STAGE_TWO_STARTED):
        due = add_months(start, STAGE_TWO_MONTHS)
        items.append(Deadline(DeadlineKind.STAGE_TWO_DECISION, start, due, dates.first_decided_on))
    window = par_comments_window_end(dates)
    if window is not None and dates.par_sent_on is not None:
        items.append(Deadline(DeadlineKind.PAR_COMMENTS, dates.par_sent_on, window, dates.par_comments_on))
    if dates.approved_on is not None and row.has_date(ClockDate.APPROVAL_REVIEWED):
        last = max(dates.approved_on, dates.approval_reviewed_on or dates.approved_on)
        due = add_months(last, REVIEW_INTERVAL_MONTHS)
        items.append(Deadline(DeadlineKind.APPROVAL_REVIEW, last, due, dates.child_placed_on))
    return tuple(items)


def par_comments_window_end(dates: CaseDates) -> date | None:
    """The last of the applicants' 10 working days to comment (None: report not sent)."""
    if dates.par_sent_on is None or not case_types.get(dates.case_type).has_date(ClockDate.PAR_SENT):
        return None
    return WorkingDayCalendar.statutory().period_end_beginning_with(dates.par_sent_on, PAR_COMMENTS_WD)


def par_comments_warning(dates: CaseDates, panel_on: date | None) -> str:
    """Why the case should not go to panel on ``panel_on`` yet ("" when it may)."""
    end, sent = par_comments_window_end(dates), dates.par_sent_on
    if end is None or sent is None or panel_on is None or panel_on > end:
        return ""
    if dates.par_comments_on is not None and dates.par_comments_on <= panel_on:
        return ""
    return (
        f"Booked for panel on {uk_date(panel_on)}, before the applicants' 10 working days to "
        f"comment on their report end on {uk_date(end)} (report sent {uk_date(sent)})."
    )
