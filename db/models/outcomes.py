"""What panel decides and writes: recommendations, gradings, minutes, ADM decisions, reports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Versioned, code_column, utcnow


class Recommendation(Versioned, Base):
    """The panel's recommendation for one hearing, with the vote and reasons."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = code_column()
    vote_for: Mapped[int | None]
    vote_against: Mapped[int | None]
    vote_abstain: Mapped[int | None]
    reasons: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    # Advice on approvals: number of children, age range, sex, needs.
    advice_children: Mapped[str] = mapped_column(String(60), default="")
    advice_age_range: Mapped[str] = mapped_column(String(60), default="")
    advice_sex: Mapped[str] = mapped_column(String(60), default="")
    advice_needs: Mapped[str] = mapped_column(Text, default="")
    # Deferral: what is needed and by when.
    deferral_needed: Mapped[str] = mapped_column(Text, default="")
    deferral_by: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Grading(Base):
    """A grade of one paper (PAR, CPR, APR) at one hearing, by the panel or by the ADM."""

    __tablename__ = "grading"
    __table_args__ = (UniqueConstraint("hearing_id", "paper_type", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    paper_type: Mapped[str] = code_column()
    source: Mapped[str] = code_column(default="panel")  # panel | adm
    grade: Mapped[str] = code_column()
    strengths: Mapped[str] = mapped_column(Text, default="")
    development: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")  # the report's author


class Minutes(Versioned, Base):
    """Minutes of a sitting: draft -> with chair -> final (locked; reopening is logged)."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = code_column(default="draft")
    signed_off_by: Mapped[str | None] = mapped_column(String(200))
    signed_off_on: Mapped[date | None]
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    sections: Mapped[list[MinutesSection]] = relationship(
        cascade="all, delete-orphan", order_by="MinutesSection.position"
    )


class MinutesSection(Base):
    """A section of the minutes: the opening (attendance) or one per case."""

    __tablename__ = "minutes_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")


class MinutesRevision(Base):
    """Every save of the minutes, so versions can be compared and restored."""

    __tablename__ = "minutes_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = code_column(default="save")  # autosave | save | state | reopen | restore
    note: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, object]] = mapped_column(default=dict)


class AdmDecisionRecord(Versioned, Base):
    """The ADM's decision on a recommendation, and the statutory clock after it."""

    __tablename__ = "adm_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), unique=True)
    decision_maker_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision_maker.id", ondelete="SET NULL"), index=True
    )
    minutes_sent_on: Mapped[date | None]  # starts the clock
    decision: Mapped[str] = code_column(default="pending")
    decided_on: Mapped[date | None]
    sw_notified_on: Mapped[date | None]
    letter_sent_on: Mapped[date | None]
    representations_received_on: Mapped[date | None]
    irm_applied_on: Mapped[date | None]
    # After representations or the IRM: the re-hearing's recommendation, then the final decision.
    review_recommendation_on: Mapped[date | None]
    final_decision: Mapped[str] = code_column(default="", server_default="")
    final_decided_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    further_information: Mapped[list[AdmFurtherInformation]] = relationship(
        cascade="all, delete-orphan", order_by="AdmFurtherInformation.requested_on"
    )


class AdmFurtherInformation(Base):
    """The ADM asked for more before deciding: kept, so "asked, then agreed" is not lost."""

    __tablename__ = "adm_further_information"

    id: Mapped[int] = mapped_column(primary_key=True)
    adm_decision_id: Mapped[int] = mapped_column(
        ForeignKey("adm_decision.id", ondelete="CASCADE"), index=True
    )
    requested_on: Mapped[date]
    what: Mapped[str] = mapped_column(Text, default="")
    due_by: Mapped[date | None]
    provided_on: Mapped[date | None]  # sent back to the ADM: restarts the decision clock


class ReportNarrative(Base):
    """A narrative section of the chairs' report, per period and panel (NULL = all panels)."""

    __tablename__ = "report_narrative"
    __table_args__ = (UniqueConstraint("agency_id", "period_from", "period_to", "panel_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    period_from: Mapped[date]
    period_to: Mapped[date]
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"))
    section: Mapped[str] = code_column(60)
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")


class AppUser(Base):
    """A person who uses the app and their permission role."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="", server_default="")  # From: of drafts
    role: Mapped[str] = code_column(default="viewer")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)


class AuditEntry(Base):
    """Who changed what and when, before and after. Written for every change to data."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_table_row", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    author: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = code_column(16)  # insert | update | delete
    table_name: Mapped[str] = mapped_column(String(60), index=True)
    row_id: Mapped[str] = mapped_column(String(60), default="")
    before: Mapped[dict[str, object] | None] = mapped_column(nullable=True)
    after: Mapped[dict[str, object] | None] = mapped_column(nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # The hash chain (db/audit_chain.py, migration 0006): written with the row, never by hand.
    values_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditChainHead(Base):
    """The audit chain's latest link (one row): removing the newest audit rows shows here."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
