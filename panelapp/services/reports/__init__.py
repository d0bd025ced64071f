"""The six-monthly chairs' report: statistics, membership, narrative and exports.

This file is the area's public API: front ends import from here.
"""

from __future__ import annotations

from panelapp.services.reports.chairs_report import (
    FORMATS,
    ChairsReport,
    ProgressFn,
    build_chairs_report,
    export_chairs_report,
)
from panelapp.services.reports.membership import (
    AppendixRow,
    Membership,
    MembershipChange,
    compute_membership,
)
from panelapp.services.reports.narrative import (
    MAX_SECTION_CHARS,
    DocumentControl,
    NarrativeEdit,
    NarrativeText,
    ReportNarrativeSet,
    load_narrative,
    save_narrative,
)
from panelapp.services.reports.statistics import (
    AGENCY,
    D_FROM,
    D_TO,
    PANEL,
    PanelChoice,
    ReportScope,
    ReportStatistics,
    StatisticsDetail,
    agency_heading,
    check_period,
    compute_statistics,
    report_panels,
    report_statistics,
    report_statistics_with_detail,
    type_unindexed,
)

__all__ = [
    "AGENCY",
    "D_FROM",
    "D_TO",
    "FORMATS",
    "MAX_SECTION_CHARS",
    "PANEL",
    "AppendixRow",
    "ChairsReport",
    "DocumentControl",
    "Membership",
    "MembershipChange",
    "NarrativeEdit",
    "NarrativeText",
    "PanelChoice",
    "ProgressFn",
    "ReportNarrativeSet",
    "ReportScope",
    "ReportStatistics",
    "StatisticsDetail",
    "agency_heading",
    "build_chairs_report",
    "check_period",
    "compute_membership",
    "compute_statistics",
    "export_chairs_report",
    "load_narrative",
    "report_panels",
    "report_statistics",
    "report_statistics_with_detail",
    "save_narrative",
    "type_unindexed",
]
