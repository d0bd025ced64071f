"""What needs attention today, counted cheaply for the status bar and navigation at start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelapp.services.context import ServiceContext


@dataclass(frozen=True)
class AttentionCounts:
    adm_overdue: int
    compliance_overdue: int


def attention_counts(ctx: ServiceContext, today: date | None = None) -> AttentionCounts:
    from panelapp.services.adm.tracker import overdue_count
    from panelapp.services.members.compliance import overdue_compliance_count

    return AttentionCounts(overdue_count(ctx, today), overdue_compliance_count(ctx, today))
