"""Agency policy as plain data: the defaults from domain.md, overridden per agency in Settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from panelapp.domain.quorum import QuorumPolicy


@dataclass(frozen=True)
class AgencyPolicy:
    quorum_min: int = 5
    quorum_require_independent: bool = True
    papers_deadline_wd: int = 10
    papers_circulation_wd: int = 5
    adm_decision_wd: int = 7
    sw_notification_wd: int = 2
    written_confirmation_wd: int = 5
    representations_wd: int = 40
    par_grade_cap_after_months: int = 4
    dbs_recheck_years: int = 3
    appraisal_interval_months: int = 12
    non_working_day: str = "next_working_day"
    retention_years: int = 25
    marking: str = "OFFICIAL-SENSITIVE"
    closure_days: tuple[date, ...] = field(default=())

    def quorum(self, joint: bool = False) -> QuorumPolicy:
        return QuorumPolicy(
            minimum=self.quorum_min, joint=joint, require_independent=self.quorum_require_independent
        )


POLICY_FIELDS = tuple(
    name for name in AgencyPolicy.__dataclass_fields__ if name not in ("marking", "closure_days")
)
