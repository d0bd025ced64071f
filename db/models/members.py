"""The central list: members, roles, status history and compliance records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Versioned, code_column


class Member(Versioned, Base):
    """A person on the central list (panel members and, with staff roles, advisers/admins)."""

    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("agency_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(20), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    qualified_on: Mapped[date | None]  # social work qualification
    # Start of relevant post-qualifying experience (reg 6): qualified_on unless corrected.
    relevant_experience_from: Mapped[date | None]
    # DBS Update Service: subscription id and the last online status check.
    dbs_update_service_id: Mapped[str] = mapped_column(String(60), default="", server_default="")
    dbs_update_checked_on: Mapped[date | None]
    joined_on: Mapped[date | None]
    notice_given_on: Mapped[date | None]
    home_panel_id: Mapped[int | None] = mapped_column(ForeignKey("panel.id", ondelete="SET NULL"))
    # For councillors: which council ("Medway councillor").
    local_authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_authority.id", ondelete="SET NULL")
    )
    # Optional, only for anonymous membership statistics.
    gender: Mapped[str | None] = mapped_column(String(60))
    ethnicity: Mapped[str | None] = mapped_column(String(120))
    lived_experience: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")

    roles: Mapped[list[MemberRole]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MemberRole.id"
    )
    panels: Mapped[list[MemberPanel]] = relationship(cascade="all, delete-orphan")
    statuses: Mapped[list[MemberStatusPeriod]] = relationship(
        cascade="all, delete-orphan", order_by="MemberStatusPeriod.start_date"
    )
    dbs_checks: Mapped[list[DbsCheck]] = relationship(
        cascade="all, delete-orphan", order_by="DbsCheck.checked_on"
    )
    appraisals: Mapped[list[Appraisal]] = relationship(
        cascade="all, delete-orphan", order_by="Appraisal.held_on"
    )
    declarations: Mapped[list[StandingDeclaration]] = relationship(cascade="all, delete-orphan")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class MemberRole(Base):
    """A role held from a date (role changes are history: new chairs in a period)."""

    __tablename__ = "member_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = code_column()
    from_date: Mapped[date | None]
    to_date: Mapped[date | None]

    member: Mapped[Member] = relationship(back_populates="roles")


class MemberPanel(Base):
    """Panels a member covers besides the home panel."""

    __tablename__ = "member_panel"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), primary_key=True)


class MemberStatusPeriod(Base):
    """Active / on leave / left, with dates: kept as history, never overwritten."""

    __tablename__ = "member_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = code_column()
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(200), default="")  # e.g. "maternity leave"


class DbsCheck(Base):
    __tablename__ = "dbs_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    checked_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(60), default="")


class Appraisal(Base):
    __tablename__ = "appraisal"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    chaired_by: Mapped[str] = mapped_column(String(200), default="")
    adviser: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingEvent(Base):
    __tablename__ = "training_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingAttendance(Base):
    __tablename__ = "training_attendance"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("training_event.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)


class StandingDeclaration(Base):
    """A standing declaration of interest (per-case declarations live on the hearing)."""

    __tablename__ = "standing_declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    declared_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text)
    ended_on: Mapped[date | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
