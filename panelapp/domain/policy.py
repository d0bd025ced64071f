"""Agency policy: every setting declared once, and the typed value the rest of the code reads.

A `Setting` says everything about one value: its key (the agency table's column and the
agency file's key), kind, default, bounds or choices, the administrator's words (label,
help, unit) and, where the law sets a limit, which bound that is (`Law`). The Settings tabs
are built from `declared()`, the Settings service and the agency file check values with
`check`, and `AgencyPolicy` takes its defaults from the declarations. Adding a setting is
one declaration here, one field of `AgencyPolicy`, and its column with a migration.

What the law fixes outright is no setting at all (`FIXED_BY_LAW`): the 40 working days for
representations or an IRM application after a qualifying determination.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar, cast

from panelapp.domain.quorum import QuorumPolicy
from panelapp.domain.vocab import NonWorkingDayPolicy

T = TypeVar("T")


class FitnessRule(StrEnum):
    """What the agency does about a member not fit to sit (DBS or appraisal lapsed, on leave)."""

    WARN = "warn"
    BLOCK = "block"


class Kind(StrEnum):
    """What a setting holds, and so which editor Settings shows for it."""

    INT = "int"  # a whole number within bounds, shown with its unit
    BOOL = "bool"
    CHOICE = "choice"  # one code of `choices`
    TEXT = "text"  # one line, spaces tidied, never empty
    DATES = "dates"  # a list of days


class Section(StrEnum):
    """Where a setting is edited in Settings; the agency file has it in `file_table`."""

    POLICY = "policy"  # the Policy tab, built from the declarations
    AGENCY = "agency"  # the Agency tab, beside the agency's name
    CLOSURE_DAYS = "closure_days"  # the Closure days tab, each day with its reason

    @property
    def file_table(self) -> str:
        return "agency" if self is Section.AGENCY else "policy"


@dataclass(frozen=True)
class Law:
    """A limit the law sets on a setting's bounds: an agency may be stricter, never looser."""

    bound: Literal["floor", "ceiling"]  # `low` or `high` of the setting is the law's number
    source: str  # where the law says so, in words an administrator can look up


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    kind: Kind
    default: T
    label: str  # the administrator's words; a check box's text
    help: str  # one or two sentences: what it changes, and what the law says if anything
    section: Section = Section.POLICY
    unit: str = ""  # INT: shown after the number ("working days", "years")
    low: int = 0  # INT: the accepted range, both ends included
    high: int = 0
    choices: tuple[tuple[str, str], ...] = ()  # CHOICE: (code, the administrator's words)
    max_length: int = 0  # TEXT: in characters
    law: Law | None = None

    def description(self) -> str:
        """The help, then the law's limit if any: Settings' tooltip and screen-reader description."""
        if self.law is None:
            return self.help
        return f"{self.help} Limit: {self.law_note()}; an agency may be stricter, never looser."

    def law_note(self) -> str:
        """The law's limit in words ("the law requires at least 5 members (...)"), or ""."""
        if self.law is None:
            return ""
        if self.law.bound == "floor":
            return f"the law requires at least {self.low} {self.unit} ({self.law.source})"
        return f"the law allows at most {self.high} {self.unit} ({self.law.source})"


@dataclass(frozen=True)
class FixedByLaw:
    """A number the law fixes: shown in Settings, never edited, never read from a file."""

    key: str
    value: int
    label: str
    unit: str
    source: str


_AAR = "Adoption Agencies Regulations 2005"
_GUIDANCE = "statutory guidance on adoption"

QUORUM_MIN = Setting(
    "quorum_min",
    Kind.INT,
    5,
    "Quorum: minimum members",
    "How many members must sit for a case to be heard; a joint panel needs one more (so at least 6 by law).",
    unit="members",
    low=5,
    high=20,
    law=Law("floor", f"{_AAR}, reg 6"),
)
PAPERS_DEADLINE_WD = Setting(
    "papers_deadline_wd",
    Kind.INT,
    10,
    "Papers due before the sitting",
    "Working days before the sitting by which a case's papers are due; later papers show as late.",
    unit="working days",
    high=120,
)
PAPERS_CIRCULATION_WD = Setting(
    "papers_circulation_wd",
    Kind.INT,
    5,
    "Papers circulated before the sitting",
    "Working days before the sitting by which the papers go to members.",
    unit="working days",
    high=120,
)
ADM_DECISION_WD = Setting(
    "adm_decision_wd",
    Kind.INT,
    7,
    "ADM decides within",
    "Working days after the final minutes are sent within which the ADM decides.",
    unit="working days",
    high=7,
    law=Law("ceiling", _GUIDANCE),
)
SW_NOTIFICATION_WD = Setting(
    "sw_notification_wd",
    Kind.INT,
    2,
    "Social worker told within",
    "Working days after the ADM's decision within which the social worker is told.",
    unit="working days",
    high=2,
    law=Law("ceiling", _GUIDANCE),
)
WRITTEN_CONFIRMATION_WD = Setting(
    "written_confirmation_wd",
    Kind.INT,
    5,
    "Applicants told in writing within",
    "Working days after the ADM's decision within which the applicants get it in writing.",
    unit="working days",
    high=5,
    law=Law("ceiling", _GUIDANCE),
)
PAR_GRADE_CAP_AFTER_MONTHS = Setting(
    "par_grade_cap_after_months",
    Kind.INT,
    4,
    "PAR graded Good or better only if at panel within",
    "A PAR may be graded Good or Outstanding only if it reached panel within this time of "
    "Stage 2 starting (the agency's own rule).",
    unit="months",
    low=1,
    high=36,
)
DBS_RECHECK_YEARS = Setting(
    "dbs_recheck_years",
    Kind.INT,
    3,
    "DBS re-check every",
    "How often a member's enhanced DBS check is renewed.",
    unit="years",
    low=1,
    high=10,
)
APPRAISAL_INTERVAL_MONTHS = Setting(
    "appraisal_interval_months",
    Kind.INT,
    12,
    "Appraisal every",
    "How often each member is appraised.",
    unit="months",
    low=1,
    high=36,
)
RETENTION_YEARS = Setting(
    "retention_years",
    Kind.INT,
    25,
    "Keep case records for",
    "Closed cases older than this are offered for anonymising (File → Retention…).",
    unit="years",
    low=1,
    high=150,
)
QUORUM_REQUIRE_INDEPENDENT = Setting(
    "quorum_require_independent",
    Kind.BOOL,
    False,
    "An independent member must sit for quorum",
    "The agency's own rule, stricter than regulation 6: a case is not quorate without an "
    "independent member (the independent chair counts).",
)
FITNESS_RULE = Setting(
    "fitness_rule",
    Kind.CHOICE,
    FitnessRule.WARN.value,
    "A member not fit to sit",
    "What happens when a member whose DBS check or appraisal has lapsed, or who is on leave, "
    "is invited or marked present.",
    choices=(
        (FitnessRule.WARN.value, "Warn, and let them sit"),
        (FitnessRule.BLOCK.value, "Do not let them sit"),
    ),
)
NON_WORKING_DAY = Setting(
    "non_working_day",
    Kind.CHOICE,
    NonWorkingDayPolicy.NEXT_WORKING_DAY.value,
    "A sitting on a non-working day",
    "What happens to a sitting whose rhythm puts it on a bank holiday or a closure day.",
    choices=(
        (NonWorkingDayPolicy.NEXT_WORKING_DAY.value, "Move it to the next working day"),
        (NonWorkingDayPolicy.CANCEL.value, "Cancel it"),
    ),
)
MARKING = Setting(
    "marking",
    Kind.TEXT,
    "OFFICIAL-SENSITIVE",
    "Protective marking",
    "Printed in the header and footer of every document, e.g. OFFICIAL-SENSITIVE",
    section=Section.AGENCY,
    max_length=60,
)
CLOSURE_DAYS: Setting[tuple[date, ...]] = Setting(
    "closure_days",
    Kind.DATES,
    (),
    "Closure days",
    "Days the agency is closed: not working days, so no sitting or deadline falls on them.",
    section=Section.CLOSURE_DAYS,
)

# In the order the Settings tabs show them.
SETTINGS: tuple[Setting[Any], ...] = (
    QUORUM_MIN,
    PAPERS_DEADLINE_WD,
    PAPERS_CIRCULATION_WD,
    ADM_DECISION_WD,
    SW_NOTIFICATION_WD,
    WRITTEN_CONFIRMATION_WD,
    PAR_GRADE_CAP_AFTER_MONTHS,
    DBS_RECHECK_YEARS,
    APPRAISAL_INTERVAL_MONTHS,
    RETENTION_YEARS,
    QUORUM_REQUIRE_INDEPENDENT,
    FITNESS_RULE,
    NON_WORKING_DAY,
    MARKING,
    CLOSURE_DAYS,
)

REPRESENTATIONS = FixedByLaw("representations_wd", 40, "Representations / IRM within", "working days", _AAR)
FIXED_BY_LAW: tuple[FixedByLaw, ...] = (REPRESENTATIONS,)


def declared(section: Section | None = None) -> tuple[Setting[Any], ...]:
    """The declared settings (of one section), in Settings' order."""
    return tuple(s for s in SETTINGS if section is None or s.section is section)


def setting(key: str) -> Setting[Any]:
    """The declaration of `key`; KeyError if there is none."""
    for s in SETTINGS:
        if s.key == key:
            return s
    raise KeyError(key)


def defaults(section: Section | None = None) -> dict[str, Any]:
    return {s.key: s.default for s in declared(section)}


@dataclass(frozen=True)
class AgencyPolicy:
    """The agency's policy as the rest of the code reads it; defaults from the declarations."""

    quorum_min: int = QUORUM_MIN.default
    quorum_require_independent: bool = QUORUM_REQUIRE_INDEPENDENT.default
    papers_deadline_wd: int = PAPERS_DEADLINE_WD.default
    papers_circulation_wd: int = PAPERS_CIRCULATION_WD.default
    adm_decision_wd: int = ADM_DECISION_WD.default
    sw_notification_wd: int = SW_NOTIFICATION_WD.default
    written_confirmation_wd: int = WRITTEN_CONFIRMATION_WD.default
    par_grade_cap_after_months: int = PAR_GRADE_CAP_AFTER_MONTHS.default
    dbs_recheck_years: int = DBS_RECHECK_YEARS.default
    appraisal_interval_months: int = APPRAISAL_INTERVAL_MONTHS.default
    non_working_day: str = NON_WORKING_DAY.default
    fitness_rule: str = FITNESS_RULE.default
    retention_years: int = RETENTION_YEARS.default
    marking: str = MARKING.default
    closure_days: tuple[date, ...] = CLOSURE_DAYS.default
    # Fixed by law: not an argument, so no file, screen or database row can change it.
    representations_wd: int = field(default=REPRESENTATIONS.value, init=False)

    @property
    def blocks_unfit_members(self) -> bool:
        return self.fitness_rule == FitnessRule.BLOCK.value

    def quorum(self, joint: bool = False) -> QuorumPolicy:
        return QuorumPolicy(
            minimum=self.quorum_min, joint=joint, require_independent=self.quorum_require_independent
        )


# -- the one check ---------------------------------------------------------------------------


class SettingRefused(ValueError):
    """A value a setting does not allow. `reason` follows the setting's name: "must be ..."."""

    def __init__(self, declaration: Setting[Any], reason: str) -> None:
        super().__init__(reason[:1].upper() + reason[1:] + ".")
        self.setting = declaration
        self.reason = reason


def check(declaration: Setting[T], value: object) -> T:
    """`value` as the setting holds it, or SettingRefused saying why not.

    The one check of a setting's value: the Settings service (and so its tabs) and the
    agency file both call it, so a value is refused the same way wherever it comes from.
    """
    return cast(T, _CHECKS[declaration.kind](declaration, value))


def fixed_note(fixed: FixedByLaw) -> str:
    """What Settings and the agency file say about a number the law fixes."""
    return f"Fixed by law at {fixed.value} {fixed.unit} ({fixed.source}): not a setting."


def check_values(
    values: Mapping[str, object], section: Section = Section.POLICY
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each value checked against its declaration: (values as held, {key: why refused})."""
    keys = {s.key for s in declared(section)}
    held: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for key, value in values.items():
        if key not in keys:
            fixed = next((f for f in FIXED_BY_LAW if f.key == key), None)
            refused[key] = fixed_note(fixed) if fixed else f"{key} is not a {section.value} setting."
            continue
        try:
            held[key] = check(setting(key), value)
        except SettingRefused as exc:
            refused[key] = str(exc)
    return held, refused


def _whole_number(s: Setting[Any], value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingRefused(s, f"must be a whole number from {s.low} to {s.high}")
    if not s.low <= value <= s.high:
        broken = s.law is not None and (value < s.low if s.law.bound == "floor" else value > s.high)
        why = f": {s.law_note()}" if broken else ""
        raise SettingRefused(s, f"must be between {s.low} and {s.high}, not {value}{why}")
    return value


def _yes_no(s: Setting[Any], value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingRefused(s, "must be true or false, without quotes")
    return value


def _choice(s: Setting[Any], value: object) -> str:
    codes = [code for code, _words in s.choices]
    if value not in codes:
        listed = " or ".join(f'"{code}" ({words.lower()})' for code, words in s.choices)
        raise SettingRefused(s, f"must be {listed}, not {value!r}")
    return value


def _text(s: Setting[Any], value: object) -> str:
    if not isinstance(value, str):
        raise SettingRefused(s, "must be text in quotes")
    tidy = " ".join(value.split())
    if not tidy:
        raise SettingRefused(s, "must not be empty")
    if len(tidy) > s.max_length:
        raise SettingRefused(s, f"must be at most {s.max_length} characters, not {len(tidy)}")
    return tidy


def _dates(s: Setting[Any], value: object) -> tuple[date, ...]:
    if not isinstance(value, list | tuple):
        raise SettingRefused(s, "must be a list of dates, e.g. [2025-12-29, 2025-12-30]")
    days: set[date] = set()
    for item in value:
        if isinstance(item, date) and not isinstance(item, datetime):
            days.add(item)
            continue
        text = item.strip() if isinstance(item, str) else ""
        digits = text.replace("-", "")
        if len(text) != 10 or text[4] + text[7] != "--" or not (digits.isascii() and digits.isdigit()):
            raise SettingRefused(s, f"must list dates written YYYY-MM-DD: {item!r} is not one")
        try:
            days.add(date.fromisoformat(text))
        except ValueError:
            raise SettingRefused(s, f'must list real dates: "{item}" is not one') from None
    return tuple(sorted(days))


_CHECKS: dict[Kind, Callable[[Setting[Any], object], object]] = {
    Kind.INT: _whole_number,
    Kind.BOOL: _yes_no,
    Kind.CHOICE: _choice,
    Kind.TEXT: _text,
    Kind.DATES: _dates,
}
