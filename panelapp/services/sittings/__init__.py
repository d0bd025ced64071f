"""Sittings: generating and editing meetings, rosters, quorum, calendar files.

This file is the area's public API: front ends import from here.
"""

from __future__ import annotations

from panelapp.services.sittings.calendar_files import (
    calendar_entries,
    export_calendar,
)
from panelapp.services.sittings.meetings import (
    MAX_GENERATE_DAYS,
    GenerateReport,
    MeetingChange,
    MeetingRow,
    cancel_meeting,
    generate_meetings,
    get_meeting_with_quorum,
    list_meetings,
    move_meeting,
    reinstate_meeting,
)
from panelapp.services.sittings.quorum import (
    SITTING_STATUSES,
    CaseQuorum,
    MeetingQuorum,
    meeting_quorum,
    quorum_for_meetings,
    sitting_roles_query,
)
from panelapp.services.sittings.roster_members import (
    NOT_AVAILABLE,
    STAFF_ROLE_CODES,
    Availability,
    Period,
    UsualMembers,
    load_availability,
    usual_members,
)
from panelapp.services.sittings.rosters import (
    STATUS_LABELS,
    CoverAdvice,
    CoverSuggestion,
    Roster,
    RosterEntry,
    add_cover,
    invite_usual_members,
    roster,
    set_attendance,
    suggest_cover,
)

__all__ = [
    "MAX_GENERATE_DAYS",
    "NOT_AVAILABLE",
    "SITTING_STATUSES",
    "STAFF_ROLE_CODES",
    "STATUS_LABELS",
    "Availability",
    "CaseQuorum",
    "CoverAdvice",
    "CoverSuggestion",
    "GenerateReport",
    "MeetingChange",
    "MeetingQuorum",
    "MeetingRow",
    "Period",
    "Roster",
    "RosterEntry",
    "UsualMembers",
    "add_cover",
    "calendar_entries",
    "cancel_meeting",
    "export_calendar",
    "generate_meetings",
    "get_meeting_with_quorum",
    "invite_usual_members",
    "list_meetings",
    "load_availability",
    "meeting_quorum",
    "move_meeting",
    "quorum_for_meetings",
    "reinstate_meeting",
    "roster",
    "set_attendance",
    "sitting_roles_query",
    "suggest_cover",
    "usual_members",
]
