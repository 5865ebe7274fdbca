"""民情 issues through the closed loop, and the monthly phone callbacks that rate them."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Enum, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

SERVICE_LINES = ("info", "policy", "dispute", "hazard", "poverty", "livelihood")
# 基础信息采集 / 法规政策宣传 / 矛盾纠纷排查 / 事件隐患报告 / 防返贫动态监测 / 民生事项服务
ISSUE_SOURCES = ("visit", "grid_worker", "phone", "meeting", "online")
# 入户走访 / 网格员上报 / 电话反映 / 屋场会 / 线上群
ESCALATION_LEVELS = (0, 1, 2, 3)  # 0 片区 handles it; 1 village; 2 township; 3 county department
EVENT_KINDS = ("reported", "filed", "dispatched", "handled", "fed_back", "closed", "reopened", "escalated", "extended")
# 受理 / 立案 / 派遣 / 处置 / 反馈 / 结案 / 返工 / 升级 / 延期


class Issue(Base):
    """One 民情 entry and its way round the loop: reported → filed → dispatched → handled → fed back → closed."""

    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_no: Mapped[str | None] = mapped_column(String(40), index=True, unique=True)  # 编号 in the 民情台账
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    service_line: Mapped[str] = mapped_column(Enum(*SERVICE_LINES, name="service_line", native_enum=False))
    source: Mapped[str] = mapped_column(Enum(*ISSUE_SOURCES, name="issue_source", native_enum=False))
    title: Mapped[str] = mapped_column(String(200))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    filed_at: Mapped[datetime | None] = mapped_column(DateTime)  # 立案 (put on the problem list)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    fed_back_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)  # null while open (also after a reopen)
    due_date: Mapped[date | None] = mapped_column(Date)  # current due date
    first_due_date: Mapped[date | None] = mapped_column(Date)  # as first set; differs when moved on escalation
    owner_name: Mapped[str | None] = mapped_column(String(40))
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    target_department: Mapped[str | None] = mapped_column(String(60))
    reopen_count: Mapped[int] = mapped_column(SmallInteger, default=0)

    __table_args__ = (
        Index("ix_issues_grid_filed", "grid_id", "filed_at"),
        Index("ix_issues_grid_reported", "grid_id", "reported_at"),
        Index("ix_issues_reported_at", "reported_at"),
        Index("ix_issues_closed_at", "closed_at"),
        Index("ix_issues_due_date", "due_date"),
    )


class IssueEvent(Base):
    """One step of an issue's case history (案卷流转), at the moment it happened; period figures count these.

    filed carries the first due date and extended the new one (due_date); escalated carries the new level and
    department. The issue row keeps the current state for quick reads.
    """

    __tablename__ = "issue_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"))
    kind: Mapped[str] = mapped_column(Enum(*EVENT_KINDS, name="issue_event_kind", native_enum=False))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_name: Mapped[str | None] = mapped_column(String(40))  # who did it, where known
    level: Mapped[int | None] = mapped_column(SmallInteger)  # escalated: the new escalation level
    department: Mapped[str | None] = mapped_column(String(60))  # escalated: the new target department
    due_date: Mapped[date | None] = mapped_column(Date)  # filed: the first due date; extended: the new one

    __table_args__ = (Index("ix_issue_events_issue_at", "issue_id", "at"),)


class Callback(Base):
    """A 电话回访: was it solved, and the resident's 1–5 scores for 效果 / 时长 / 态度."""

    __tablename__ = "callbacks"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    called_on: Mapped[date] = mapped_column(Date, index=True)
    solved: Mapped[bool] = mapped_column(Boolean)
    satisfied: Mapped[bool] = mapped_column(Boolean)  # the resident's overall verdict: 满意 or not
    effect_score: Mapped[int] = mapped_column(SmallInteger)
    duration_score: Mapped[int] = mapped_column(SmallInteger)
    attitude_score: Mapped[int] = mapped_column(SmallInteger)
