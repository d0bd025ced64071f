"""Sittings of a panel, the roster and the agenda."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.agency import Panel
from db.models.base import Base, Versioned, code_column, utcnow

if TYPE_CHECKING:
    from db.models.cases import Hearing


class Meeting(Versioned, Base):
    """A sitting of a panel on a date (scheduled, held or cancelled)."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_date", "date"),
        Index("ix_meeting_panel_date", "panel_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"))
    date: Mapped[dt.date]
    start_time: Mapped[dt.time]
    end_time: Mapped[dt.time | None]
    status: Mapped[str] = code_column(default="scheduled")
    teams_link: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    # The date the panel's rule gave; differs from `date` when moved.
    rule_date: Mapped[dt.date | None]
    generated: Mapped[bool] = mapped_column(Boolean, default=False)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # Calendar (.ics) identity: a stable UID and a sequence bumped on every change.
    ics_uid: Mapped[str] = mapped_column(String(120), default="")
    ics_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    panel: Mapped[Panel] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(cascade="all, delete-orphan")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        cascade="all, delete-orphan", order_by="AgendaItem.position"
    )


class Attendance(Base):
    """A member invited to a sitting and what happened (present, apologies, late...)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = code_column(default="invited")
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False)  # covering from another panel
    sitting_as: Mapped[str | None] = code_column()  # role for this sitting, e.g. chair
    joined_at: Mapped[dt.time | None]
    left_at: Mapped[dt.time | None]
    note: Mapped[str] = mapped_column(String(200), default="")


class AgendaItem(Base):
    """An ordered slot: a case hearing, a break, panel-only discussion or other business."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = code_column(default="case")
    # Indexed: Panel day reads a sitting's slots by hearing, and deleting a hearing cascades here.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    duration_minutes: Mapped[int] = mapped_column(default=60)
    chair_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")

    hearing: Mapped[Hearing | None] = relationship()


class PackCirculation(Base):
    """A panel pack sent to one person: which pack (its hash, the papers' versions), when, and
    whether they have confirmed destroying their copy after the sitting."""

    __tablename__ = "pack_circulation"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(200))  # the name printed on the pack
    kind: Mapped[str] = code_column(default="full")  # full | addendum
    pack_sha256: Mapped[str] = mapped_column(String(64))
    paper_versions: Mapped[dict[str, object]] = mapped_column(default=dict)  # paper_file ids by case paper
    circulated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    circulated_by: Mapped[str] = mapped_column(String(120), default="")
    destroyed_confirmed_on: Mapped[dt.date | None]
