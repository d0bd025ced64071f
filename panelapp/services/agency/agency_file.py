"""Reading an agency file (TOML) into plain, checked data, with the line of every problem.

IT rolls an agency out with ``panelapp agency load FILE.toml``. This module only reads
and checks the file: nothing touches the database until the whole file is known to be
good, so a refused file changes nothing. Problems name the line they are on, found by
scanning the file's text for the key (tomllib does not keep positions).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from panelapp.domain.policy import (
    FIXED_BY_LAW,
    MARKING,
    AgencyPolicy,
    Setting,
    SettingRefused,
    check,
    declared,
    fixed_note,
)
from panelapp.domain.recurrence import RuleError, parse_rule
from panelapp.services.errors import ValidationError

TOP_KEYS = ("agency", "local_authorities", "adm", "panels", "policy")
AGENCY_KEYS = ("name", "short_name", "marking")
LA_KEYS = ("name", "localities", "adm")
ADM_KEYS = ("approvals",)
DECISION_MAKER_KEYS = ("name", "title", "email")
PANEL_KEYS = ("name", "rule", "start", "max_cases", "joint", "chair", "vice_chair", "teams_link")
DEFAULT_START = time(9, 30)
DEFAULT_MAX_CASES = 6
MAX_CASES_BOUNDS = (1, 120)
# [policy] holds every declared setting but the agency's marking (in [agency]).
POLICY_SETTINGS = tuple(s for s in declared() if s.section.file_table == "policy")
POLICY_KEYS = tuple(s.key for s in POLICY_SETTINGS)


@dataclass(frozen=True)
class DecisionMakerSpec:
    name: str
    title: str | None = None  # None: not given in the file, leave what is saved
    email: str | None = None


@dataclass(frozen=True)
class LocalAuthoritySpec:
    name: str
    localities: tuple[str, ...]
    adm: DecisionMakerSpec | None


@dataclass(frozen=True)
class PanelSpec:
    name: str
    rule: str  # canonical text of the parsed rule
    start: time
    max_cases: int
    joint: bool
    chair: str | None  # a member's full name or email; None: not given
    vice_chair: str | None
    teams_link: str | None
    line: int  # of the panel's ``name``, for problems found against the database
    person_lines: tuple[int, int] = (0, 0)  # of ``chair`` and ``vice_chair``


@dataclass(frozen=True)
class AgencyFileSpec:
    name: str
    short_name: str
    marking: str
    approvals_adm: DecisionMakerSpec | None
    local_authorities: tuple[LocalAuthoritySpec, ...]
    panels: tuple[PanelSpec, ...]
    policy: AgencyPolicy


class AgencyFileError(ValidationError):
    """The file was refused; ``problems`` are (line, message) pairs, in line order."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        problems = sorted(set(problems))
        lines = "\n".join(f"  Line {line}: {message}" for line, message in problems)
        super().__init__(
            f"The agency file was not loaded and nothing was changed:\n{lines}",
            {f"line {line}": message for line, message in problems},
        )
        self.problems = problems


class _Lines:
    """Where each table and key sits in the text: (table, index, key) -> line number."""

    _ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
    _HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines()
        self.headers: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(self.text_lines, start=1):
            if m := self._ARRAY_HEADER.match(line):
                table = m[1].strip("\"'")
                index = counts.get(table, 0)
                counts[table] = index + 1
                self.headers[(table, index)] = number
            elif m := self._HEADER.match(line):
                table, index = m[1].strip("\"'"), 0
                self.headers[(table, 0)] = number
            elif m := self._KEY.match(line):
                self.keys.setdefault((table, index, m[1].strip("\"'")), number)

    def of(self, table: str, index: int = 0, key: str | None = None) -> int:
        if key is not None:
            if (table, index, key) in self.keys:
                return self.keys[(table, index, key)]
            # Inline tables or dotted keys: the first line that assigns the key.
            pattern = re.compile(rf"""(^|[\s{{,.])["']?{re.escape(key)}["']?\s*=""")
            start = self.headers.get((table, index), 1)
            for number in range(start, len(self.text_lines) + 1):
                if pattern.search(self.text_lines[number - 1]):
                    return number
            # A key that is itself a table: [key] at the top, [table.key] inside a table.
            sub = f"{table}.{key}" if table else key
            if (sub, 0) in self.headers:
                return self.headers[(sub, 0)]
        if (table, index) in self.headers:
            return self.headers[(table, index)]
        # A table written inline at the top (agency = { ... }): the line that assigns it.
        return self.keys.get(("", 0, table), 1)


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = _Lines(text)
        self.problems: list[tuple[int, str]] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def check_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], table: str, index: int) -> None:
        where = f"[{table}]" if table else "the file"
        for key in data:
            if key not in allowed:
                self.problem(
                    self.lines.of(table, index, key),
                    f'"{key}" is not a setting of {where}; expected one of: {", ".join(allowed)}',
                )

    def text(self, data: Mapping[str, Any], key: str, table: str, index: int, limit: int) -> str | None:
        if key not in data:
            return None
        value = data[key]
        line = self.lines.of(table, index, key)
        if not isinstance(value, str):
            self.problem(line, f'{key} must be text in quotes, e.g. {key} = "..."')
            return None
        value = " ".join(value.split())
        if not value:
            self.problem(line, f"{key} must not be empty")
            return None
        if len(value) > limit:
            self.problem(line, f"{key} is too long ({len(value)} characters; at most {limit})")
            return None
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, table: str, index: int, default: int, bounds: tuple[int, int]
    ) -> int:
        if key not in data:
            return default
        value, line = data[key], self.lines.of(table, index, key)
        low, high = bounds  # a typo (max_cases = 60) is caught, not obeyed
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(line, f"{key} must be a whole number, e.g. {key} = {default}")
            return default
        if not low <= value <= high:
            self.problem(line, f"{key} must be between {low} and {high}, not {value}")
            return default
        return value

    def setting(self, data: Mapping[str, Any], declaration: Setting[Any]) -> Any:
        """A declared setting's value by the one check of domain.policy; its default if absent or bad."""
        key, table = declaration.key, declaration.section.file_table
        if key not in data:
            return declaration.default
        try:
            return check(declaration, data[key])
        except SettingRefused as exc:
            self.problem(self.lines.of(table, 0, key), f"{key} {exc.reason}")
            return declaration.default

    def boolean(self, data: Mapping[str, Any], key: str, table: str, index: int, default: bool) -> bool:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.problem(self.lines.of(table, index, key), f"{key} must be true or false (no quotes)")
            return default
        return value

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problem(self.lines.of("", 0, key), f"{key} must be a table, written [{key}]")
            return {}
        return value

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(self.lines.of("", 0, key), f"{key} must be a list of tables, each written [[{key}]]")
            return []
        return value

    def decision_maker(
        self, data: Mapping[str, Any], key: str, table: str, index: int
    ) -> DecisionMakerSpec | None:
        if key not in data:
            return None
        value, line = data[key], self.lines.of(table, index, key)
        if isinstance(value, str):
            name = " ".join(value.split())
            if not name:
                self.problem(line, f"{key} must name a decision maker")
                return None
            return DecisionMakerSpec(name)
        if isinstance(value, dict):
            unknown = [k for k in value if k not in DECISION_MAKER_KEYS]
            if unknown:
                self.problem(
                    line, f'"{unknown[0]}" is not a detail of a decision maker; use name, title, email'
                )
            parts = {k: value.get(k) for k in DECISION_MAKER_KEYS}
            if not isinstance(parts["name"], str) or not parts["name"].strip():
                self.problem(line, f'{key} needs a name, e.g. {key} = {{ name = "...", title = "..." }}')
                return None
            if any(v is not None and not isinstance(v, str) for v in parts.values()):
                self.problem(line, f"the details of {key} must be text in quotes")
                return None
            return DecisionMakerSpec(" ".join(parts["name"].split()), parts["title"], parts["email"])
        self.problem(line, f'{key} must name a decision maker, e.g. {key} = "Morgan Hale"')
        return None


def read_agency_file(text: str) -> AgencyFileSpec:
    """Check the whole file; raise AgencyFileError listing every problem with its line."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise AgencyFileError(
            [(1, "lists or tables are nested too deeply: this is not an agency file (see the examples)")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m[1]) if m else 1
        detail = re.sub(r"\s*\(at (line|end of document).*\)$", "", str(exc))
        raise AgencyFileError([(line, f"this is not valid TOML ({detail})")]) from None
    r = _Reader(text)
    r.check_keys(data, TOP_KEYS, "", 0)

    agency = r.table(data, "agency")
    r.check_keys(agency, AGENCY_KEYS, "agency", 0)
    name = r.text(agency, "name", "agency", 0, 200)
    if "name" not in agency:
        r.problem(r.lines.of("agency"), 'the agency needs a name: write [agency] then name = "..."')
    short_name = r.text(agency, "short_name", "agency", 0, 40)
    marking: str = r.setting(agency, MARKING)

    adm = r.table(data, "adm")
    r.check_keys(adm, ADM_KEYS, "adm", 0)
    approvals = r.decision_maker(adm, "approvals", "adm", 0)

    las: list[LocalAuthoritySpec] = []
    for i, la in enumerate(r.tables(data, "local_authorities")):
        r.check_keys(la, LA_KEYS, "local_authorities", i)
        la_name = r.text(la, "name", "local_authorities", i, 120)
        if "name" not in la:
            r.problem(r.lines.of("local_authorities", i), "each local authority needs a name")
        localities = _localities(r, la, i)
        if la_name and any(x.name.casefold() == la_name.casefold() for x in las):
            r.problem(r.lines.of("local_authorities", i, "name"), f"{la_name} is listed twice")
        if la_name:
            las.append(
                LocalAuthoritySpec(la_name, localities, r.decision_maker(la, "adm", "local_authorities", i))
            )

    read = (_panel(r, p, i) for i, p in enumerate(r.tables(data, "panels")))
    panels = [p for p in read if p is not None]
    seen: set[str] = set()
    for p in panels:
        if p.name.casefold() in seen:
            r.problem(p.line, f"{p.name} is listed twice")
        seen.add(p.name.casefold())

    policy = _policy(r, r.table(data, "policy"), marking)
    if r.problems or name is None:
        raise AgencyFileError(r.problems or [(1, "the agency needs a name")])
    return AgencyFileSpec(
        name=name,
        short_name=short_name or initials(name),
        marking=marking,
        approvals_adm=approvals,
        local_authorities=tuple(las),
        panels=tuple(panels),
        policy=policy,
    )


def initials(name: str) -> str:
    """A short name when none is given: "Northdown Regional Adoption Agency" -> "NRAA"."""
    letters = "".join(w[0] for w in name.split() if w[0].isalnum()).upper()
    return (letters or name)[:40]


def _localities(r: _Reader, la: Mapping[str, Any], i: int) -> tuple[str, ...]:
    value = la.get("localities", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.problem(
            r.lines.of("local_authorities", i, "localities"),
            'localities must be a list of names, e.g. localities = ["North Kent", "East Kent"]',
        )
        return ()
    names = [" ".join(v.split()) for v in value]
    if len({n.casefold() for n in names}) != len(names):
        r.problem(r.lines.of("local_authorities", i, "localities"), "a locality is listed twice")
    return tuple(names)


def _panel(r: _Reader, p: Mapping[str, Any], i: int) -> PanelSpec | None:
    r.check_keys(p, PANEL_KEYS, "panels", i)
    name = r.text(p, "name", "panels", i, 120)
    if "name" not in p:
        r.problem(r.lines.of("panels", i), "each panel needs a name")
    rule_text = r.text(p, "rule", "panels", i, 120)
    rule: str | None = None
    if "rule" not in p:
        r.problem(r.lines.of("panels", i), 'each panel needs a rule, e.g. rule = "monthly 1st Tuesday"')
    elif rule_text is not None:
        try:
            rule = parse_rule(rule_text).text
        except RuleError as exc:
            r.problem(r.lines.of("panels", i, "rule"), str(exc))
    start = _start_time(r, p, i)
    max_cases = r.integer(p, "max_cases", "panels", i, DEFAULT_MAX_CASES, MAX_CASES_BOUNDS)
    joint = r.boolean(p, "joint", "panels", i, False)
    chair = r.text(p, "chair", "panels", i, 200)
    vice = r.text(p, "vice_chair", "panels", i, 200)
    if chair and vice and chair.casefold() == vice.casefold():
        r.problem(
            r.lines.of("panels", i, "vice_chair"), "the vice chair must be someone other than the chair"
        )
    link: str | None = None
    if "teams_link" in p:
        if isinstance(p["teams_link"], str):
            link = p["teams_link"].strip()
        else:
            r.problem(
                r.lines.of("panels", i, "teams_link"), 'teams_link must be text in quotes, "https://..."'
            )
    if name is None or rule is None:
        return None
    line = r.lines.of("panels", i, "name")
    people = (r.lines.of("panels", i, "chair"), r.lines.of("panels", i, "vice_chair"))
    return PanelSpec(name, rule, start, max_cases, joint, chair, vice, link, line, people)


def _start_time(r: _Reader, p: Mapping[str, Any], i: int) -> time:
    if "start" not in p:
        return DEFAULT_START
    value, line = p["start"], r.lines.of("panels", i, "start")
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())):
        hour, minute = int(m[1]), int(m[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    r.problem(line, f'start must be a time written "HH:MM", e.g. start = "09:30", not {value!r}')
    return DEFAULT_START


def _policy(r: _Reader, policy: Mapping[str, Any], marking: str) -> AgencyPolicy:
    policy = dict(policy)
    for fixed in FIXED_BY_LAW:  # an older file may restate the law; only a different number is wrong
        if fixed.key in policy and policy.pop(fixed.key) != fixed.value:
            r.problem(r.lines.of("policy", 0, fixed.key), f"{fixed.key}: {fixed_note(fixed)}")
    r.check_keys(policy, POLICY_KEYS, "policy", 0)
    values = {s.key: r.setting(policy, s) for s in POLICY_SETTINGS}
    return AgencyPolicy(**values, marking=marking)
