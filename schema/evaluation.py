"""考核回到网格: 片区 study sessions with attendance, and the points ledger behind the rankings."""
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

POINT_SOURCES = ("study", "volunteer", "issue", "evaluation")
# 学习参与 / 志愿服务 / 民情办理 / 群众评价


class StudySession(Base):
    """A 片区党小组 study session (often joined with the monthly 片区例会)."""

    __tablename__ = "study_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_points.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(120))


class StudyAttendance(Base):
    """Whether a member of the 片区 attended a session."""

    __tablename__ = "study_attendance"
    session_id: Mapped[int] = mapped_column(ForeignKey("study_sessions.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_members.id"), primary_key=True, index=True)
    present: Mapped[bool] = mapped_column(Boolean)


class PointsEntry(Base):
    """A line in the points ledger; confirmed_month is the first day of the month it was confirmed (每月一认定)."""

    __tablename__ = "points_ledger"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_members.id"))
    earned_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Enum(*POINT_SOURCES, name="point_source", native_enum=False))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    confirmed_month: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        Index("ix_points_member_earned", "member_id", "earned_on"),
        Index("ix_points_confirmed_month", "confirmed_month"),
    )
