"""The ADM tracker: routing, the working-day clocks, decisions and the email draft.

This file is the area's public API: front ends import from here.
"""

from __future__ import annotations

from panelapp.services.adm.case_clocks import CaseClocks
from panelapp.services.adm.email_draft import (
    adm_email_draft,
    drafts_folder,
    write_adm_email,
)
from panelapp.services.adm.record import (
    CASE_STATUSES_FOLLOWING_ADM,
    DATE_FIELDS,
    DecisionEntry,
    SavedRecord,
    ensure_adm_record,
    record_decision,
    record_minutes_sent,
)
from panelapp.services.adm.tracker import (
    ARCHIVE_AFTER_DAYS,
    GOES_TO_ADM,
    KIND_ORDER,
    RECORD_COLUMNS,
    WINDOW_ALLOWANCE_DAYS,
    AdmRef,
    AdmTracker,
    FilterOptions,
    TrackerCase,
    TrackerItem,
    adm_tracker,
    filter_options,
    items_as_rows,
    overdue_count,
    route_adm,
    routed_adm_id,
    tracker_case,
    tracker_query,
)

__all__ = [
    "ARCHIVE_AFTER_DAYS",
    "CASE_STATUSES_FOLLOWING_ADM",
    "DATE_FIELDS",
    "GOES_TO_ADM",
    "KIND_ORDER",
    "RECORD_COLUMNS",
    "WINDOW_ALLOWANCE_DAYS",
    "AdmRef",
    "AdmTracker",
    "CaseClocks",
    "DecisionEntry",
    "FilterOptions",
    "SavedRecord",
    "TrackerCase",
    "TrackerItem",
    "adm_email_draft",
    "adm_tracker",
    "drafts_folder",
    "ensure_adm_record",
    "filter_options",
    "items_as_rows",
    "overdue_count",
    "record_decision",
    "record_minutes_sent",
    "route_adm",
    "routed_adm_id",
    "tracker_case",
    "tracker_query",
    "write_adm_email",
]
