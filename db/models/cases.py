"""Cases that come to panel, the children and social workers, papers and hearings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Versioned, code_column, utcnow
from db.models.meetings import Meeting


class Case(Versioned, Base):
    """An approval, match, plan, review, de-registration or disruption report."""

    __tablename__ = "case"
    __table_args__ = (UniqueConstraint("agency_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(60))
    case_type: Mapped[str] = code_column(index=True)
    household: Mapped[str] = mapped_column(String(200), default="")  # applicants / adopters
    local_authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_authority.id", ondelete="SET NULL"), index=True
    )
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id", ondelete="SET NULL"))
    stage2_start: Mapped[date | None]
    placement_order_on: Mapped[date | None]
    status: Mapped[str] = code_column(default="open")
    closed_on: Mapped[date | None]
    # Statutory clocks of an approval (assessment and after): see panelapp.domain.deadlines.
    par_sent_on: Mapped[date | None]  # the PAR sent to the applicants for their comments
    par_comments_on: Mapped[date | None]  # their comments received (or the 10 days waived)
    approval_reviewed_on: Mapped[date | None]  # last review of the approval
    child_placed_on: Mapped[date | None]  # a child placed with the approved adopters
    anonymised_on: Mapped[date | None]
    imported: Mapped[bool] = mapped_column(Boolean, default=False)  # from the historic register
    # A match whose adopters are another RAA's or a voluntary adoption agency's.
    inter_agency: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    children: Mapped[list[CaseChild]] = relationship(cascade="all, delete-orphan")
    withheld_names: Mapped[list[WithheldName]] = relationship(
        cascade="all, delete-orphan", order_by="WithheldName.id"
    )
    social_workers: Mapped[list[SocialWorker]] = relationship(cascade="all, delete-orphan")
    papers: Mapped[list[CasePaper]] = relationship(cascade="all, delete-orphan")
    hearings: Mapped[list[Hearing]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Hearing.sequence"
    )


class CaseChild(Base):
    """A child in a case. Circulated documents use the initials only."""

    __tablename__ = "case_child"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    initials: Mapped[str] = mapped_column(String(12))
    # Never circulated; deferred so a plain read of a case never asks for them (on PostgreSQL
    # viewer and chair logins may not read these two columns: migration 0006).
    full_name: Mapped[str] = mapped_column(String(200), default="", deferred=True)
    date_of_birth: Mapped[date | None] = mapped_column(deferred=True)
    sex: Mapped[str] = mapped_column(String(20), default="")


class WithheldName(Base):
    """A name that must never appear in a circulated document (a child's surname, a
    known-as name, a birth relative's name); replaced by ``initials`` when it does."""

    __tablename__ = "withheld_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = code_column(default="other")  # surname | known_as | birth_relative | other
    initials: Mapped[str] = mapped_column(String(12), default="")


class SocialWorker(Base):
    """The adopters' or child's social worker, or the family finder, for a case."""

    __tablename__ = "social_worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = code_column()  # adopters | child | family_finder
    name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class CasePaper(Base):
    """A paper on the case's checklist: who writes it, when it is due, received, circulated."""

    __tablename__ = "case_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id", ondelete="SET NULL"))
    paper_type: Mapped[str] = code_column()  # PAR, CPR, APR, health, ...
    author: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None]
    received_on: Mapped[date | None]
    circulated_on: Mapped[date | None]
    returned_for_amendment: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class PaperBlob(Base):
    """A paper's file, stored once by its SHA-256 (a re-added identical file is not stored twice)."""

    __tablename__ = "paper_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)


class PaperFile(Base):
    """One version of the file behind a checklist paper: a new file is a new version, the old kept."""

    __tablename__ = "paper_file"
    __table_args__ = (UniqueConstraint("case_paper_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_paper_id: Mapped[int] = mapped_column(ForeignKey("case_paper.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("paper_blob.sha256", ondelete="RESTRICT"), index=True)
    size_bytes: Mapped[int]
    pages: Mapped[int]
    pages_without_text: Mapped[str] = mapped_column(Text, default="")  # "3,7": not checkable for names
    added_by: Mapped[str] = mapped_column(String(120), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Hearing(Versioned, Base):
    """One appearance of a case at a sitting. A deferred case is heard again later."""

    __tablename__ = "hearing"
    __table_args__ = (UniqueConstraint("case_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(default=1)  # 1st hearing, 2nd after deferral...
    # booked | heard | withdrawn | rebook | inquorate (not heard: the panel was not quorate)
    status: Mapped[str] = code_column(default="booked")
    status_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    applicants_attend: Mapped[bool] = mapped_column(Boolean, default=True)
    chaired_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    presenters: Mapped[str] = mapped_column(Text, default="")  # who attends to present

    case: Mapped[Case] = relationship(back_populates="hearings")
    meeting: Mapped[Meeting] = relationship()
    declarations: Mapped[list[CaseDeclaration]] = relationship(cascade="all, delete-orphan")


class CaseDeclaration(Base):
    """A member's declaration of interest for one hearing; if they leave, they do not count."""

    __tablename__ = "case_declaration"
    __table_args__ = (UniqueConstraint("hearing_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text, default="")
    leaves_for_case: Mapped[bool] = mapped_column(Boolean, default=True)
