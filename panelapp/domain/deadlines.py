"""The ADM clock: what is due after a recommendation goes to the Agency Decision Maker.

Pure rules over the dates on one ADM decision record, the agency's policy and its
working-day calendar. Conventions (used everywhere in PanelApp):

- "N working days after D" is the N-th working day after D, D itself not counted
  (``WorkingDayCalendar.add_working_days``).
- A period "beginning with" D counts D as day 1 when D is a working day
  (``WorkingDayCalendar.period_end_beginning_with``).

The four deadlines:

- ``adm_decision``: the ADM decides within ``adm_decision_wd`` working days after the
  final minutes were sent (recording that date starts the clock). Done when the ADM has
  agreed or not agreed and the date is recorded. "Further information requested" is not
  a decision: the item stays open (and goes overdue) until the information is sent,
  which is recorded as a new "minutes sent" date and restarts the clock.
- ``sw_notification``: the social worker is told within ``sw_notification_wd`` working
  days after the decision. Done when the date they were told is recorded.
- ``written_confirmation``: the applicants get the decision in writing within
  ``written_confirmation_wd`` working days after the decision. Done when the letter's
  date is recorded.
- ``representations``: only after a qualifying determination (the ADM refuses to approve
  adopters: not agreeing with panel's recommendation to approve, or agreeing with
  panel's recommendation not to approve). A window of ``representations_wd`` working
  days beginning with the day the written refusal was sent, for the applicants to make
  representations to the ADM or apply to the Independent Review Mechanism. It is not a
  task for the panel team, so it is never "overdue": it stays "due" (open) until it
  ends, and is "done" once representations or an IRM application are recorded or the
  window has closed (after which the ADM can make the final decision).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from panelapp.domain import case_types
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.vocab import AdmDecision, Outcome
from panelapp.domain.workdays import WorkingDayCalendar

# Done items stay on the tracker this long, so a user sees what they just recorded.
RECENTLY_DONE_DAYS = 28
# "Due this week": after today and within the next seven days.
THIS_WEEK_DAYS = 7

DECIDED = frozenset({AdmDecision.AGREED, AdmDecision.NOT_AGREED})


class DeadlineKind(StrEnum):
    ADM_DECISION = "adm_decision"
    SW_NOTIFICATION = "sw_notification"
    WRITTEN_CONFIRMATION = "written_confirmation"
    REPRESENTATIONS = "representations"

    @property
    def label(self) -> str:
        return {
            "adm_decision": "ADM decision",
            "sw_notification": "Social worker told",
            "written_confirmation": "Decision in writing",
            "representations": "Representations / IRM window",
        }[self.value]


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
        if self.kind is DeadlineKind.REPRESENTATIONS or as_of <= self.due:
            return DeadlineStatus.DUE
        return DeadlineStatus.OVERDUE

    def closed_on(self, as_of: date) -> date | None:
        """When it was done, as seen on ``as_of``: a representations window closes by itself."""
        if self.done_on is not None and self.done_on <= as_of:
            return self.done_on
        if self.kind is DeadlineKind.REPRESENTATIONS and as_of > self.due:
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
        if self.kind is not DeadlineKind.REPRESENTATIONS and as_of > self.due:
            return TrackerGroup.OVERDUE
        if self.due == as_of:
            return TrackerGroup.DUE_TODAY
        if self.due <= as_of + timedelta(days=THIS_WEEK_DAYS):
            return TrackerGroup.DUE_THIS_WEEK
        return TrackerGroup.LATER


def is_qualifying_determination(case_type: str, outcome: Outcome, decision: AdmDecision) -> bool:
    """The ADM refuses to approve prospective adopters (opens representations / IRM).

    For a case type whose row says so: either the panel recommended and the ADM did not
    agree, or the panel recommended against and the ADM agreed with it.
    """
    if not case_types.get(case_type).qualifying_determination:
        return False
    return (outcome is Outcome.RECOMMENDED and decision is AdmDecision.NOT_AGREED) or (
        outcome is Outcome.NOT_RECOMMENDED and decision is AdmDecision.AGREED
    )


def deadlines_for(
    record: AdmDates, policy: AgencyPolicy, calendar: WorkingDayCalendar
) -> tuple[Deadline, ...]:
    """The items this record has so far: none until the minutes are sent."""
    items: list[Deadline] = []
    if record.minutes_sent_on is not None:
        decided = record.decision in DECIDED and record.decided_on is not None
        items.append(
            Deadline(
                DeadlineKind.ADM_DECISION,
                record.minutes_sent_on,
                calendar.add_working_days(record.minutes_sent_on, policy.adm_decision_wd),
                record.decided_on if decided else None,
            )
        )
    if record.decision not in DECIDED or record.decided_on is None:
        return tuple(items)
    decided_on = record.decided_on
    items.append(
        Deadline(
            DeadlineKind.SW_NOTIFICATION,
            decided_on,
            calendar.add_working_days(decided_on, policy.sw_notification_wd),
            record.sw_notified_on,
        )
    )
    items.append(
        Deadline(
            DeadlineKind.WRITTEN_CONFIRMATION,
            decided_on,
            calendar.add_working_days(decided_on, policy.written_confirmation_wd),
            record.letter_sent_on,
        )
    )
    qualifying = is_qualifying_determination(record.case_type, record.outcome, record.decision)
    if qualifying and record.letter_sent_on is not None:
        answered = [d for d in (record.representations_received_on, record.irm_applied_on) if d]
        items.append(
            Deadline(
                DeadlineKind.REPRESENTATIONS,
                record.letter_sent_on,
                calendar.period_end_beginning_with(record.letter_sent_on, policy.representations_wd),
                min(answered) if answered else None,
            )
        )
    return tuple(items)


def overdue(items: Iterable[Deadline], as_of: date) -> int:
    """How many of these items are overdue on ``as_of``."""
    return sum(1 for item in items if item.status(as_of) is DeadlineStatus.OVERDUE)
