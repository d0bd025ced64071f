"""Agency setup: the agency and its policy, local authorities, localities, ADMs, panels."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, code_column


class Agency(Base):
    """One adoption agency (RAA or single LA). A shared server may hold several."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(40))
    marking: Mapped[str] = mapped_column(String(60), default="OFFICIAL-SENSITIVE")
    # Policy (defaults from domain.md; edited in Settings or loaded from an agency file).
    quorum_min: Mapped[int] = mapped_column(default=5)
    # An agency rule on top of regulation 6 (off unless the agency chooses it).
    quorum_require_independent: Mapped[bool] = mapped_column(Boolean, default=False)
    # A member not fit to sit (DBS or appraisal lapsed, on leave): "warn" or "block".
    fitness_rule: Mapped[str] = code_column(default="warn", server_default="warn")
    papers_deadline_wd: Mapped[int] = mapped_column(default=10)
    papers_circulation_wd: Mapped[int] = mapped_column(default=5)
    adm_decision_wd: Mapped[int] = mapped_column(default=7)
    sw_notification_wd: Mapped[int] = mapped_column(default=2)
    written_confirmation_wd: Mapped[int] = mapped_column(default=5)
    representations_wd: Mapped[int] = mapped_column(default=40)
    par_grade_cap_after_months: Mapped[int] = mapped_column(default=4)
    dbs_recheck_years: Mapped[int] = mapped_column(default=3)
    appraisal_interval_months: Mapped[int] = mapped_column(default=12)
    non_working_day: Mapped[str] = code_column(default="next_working_day")
    retention_years: Mapped[int] = mapped_column(default=25)
    # The agenda's standing items, one per line (welcome and apologies, declarations, ...).
    agenda_standing_items: Mapped[str] = mapped_column(Text, default="", server_default="")

    local_authorities: Mapped[list[LocalAuthority]] = relationship(
        back_populates="agency", order_by="LocalAuthority.name"
    )
    panels: Mapped[list[Panel]] = relationship(back_populates="agency", order_by="Panel.name")
    closure_days: Mapped[list[ClosureDay]] = relationship(order_by="ClosureDay.day")


class ClosureDay(Base):
    """A council closure day: not a working day for deadlines or sittings."""

    __tablename__ = "closure_day"
    __table_args__ = (UniqueConstraint("agency_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200), default="")


class DecisionMaker(Base):
    """An Agency Decision Maker (ADM). `handles_approvals` marks the agency's own ADM."""

    __tablename__ = "decision_maker"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    handles_approvals: Mapped[bool] = mapped_column(Boolean, default=False)


class LocalAuthority(Base):
    __tablename__ = "local_authority"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # ADM for this LA's children (matches and consent plans).
    adm_id: Mapped[int | None] = mapped_column(ForeignKey("decision_maker.id", ondelete="SET NULL"))

    agency: Mapped[Agency] = relationship(back_populates="local_authorities")
    adm: Mapped[DecisionMaker | None] = relationship()
    localities: Mapped[list[Locality]] = relationship(
        back_populates="local_authority", order_by="Locality.name", cascade="all, delete-orphan"
    )


class Locality(Base):
    __tablename__ = "locality"
    __table_args__ = (UniqueConstraint("local_authority_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    local_authority_id: Mapped[int] = mapped_column(
        ForeignKey("local_authority.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))

    local_authority: Mapped[LocalAuthority] = relationship(back_populates="localities")


class Panel(Base):
    """A standing panel (Panel 1 to Panel 4) with its rhythm and leads."""

    __tablename__ = "panel"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    rule: Mapped[str] = mapped_column(String(120), default="")  # e.g. "monthly 1st Tuesday"
    start_time: Mapped[time] = mapped_column(default=time(9, 30))
    duration_minutes: Mapped[int] = mapped_column(default=330)
    max_cases: Mapped[int] = mapped_column(default=6)
    joint: Mapped[bool] = mapped_column(Boolean, default=False)
    teams_link: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(200), default="Microsoft Teams")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL", use_alter=True))
    vice_chair_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )
    lead_adviser_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )
    lead_administrator_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )

    agency: Mapped[Agency] = relationship(back_populates="panels")


class CaseTypeSetting(Base):
    """Per agency and case type: agenda slot length and the papers the case needs."""

    __tablename__ = "case_type_setting"
    __table_args__ = (UniqueConstraint("agency_id", "case_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    case_type: Mapped[str] = code_column()
    slot_minutes: Mapped[int] = mapped_column(default=60)
    applicants_extra_minutes: Mapped[int] = mapped_column(default=15)
    required_papers: Mapped[str] = mapped_column(String(200), default="")  # ';'-separated codes


class AppSetting(Base):
    """Small key/value settings that belong with the data (e.g. first-run completed)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
