"""Figures of closed periods, written once per grid so that a page reads a closed month, quarter or year from a few
rows instead of the whole case history (data_access.summaries writes them, data_access.loop reads them); and those of
the running periods as they stand at a moment, read while nothing has changed since."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Double, ForeignKey, Index, Integer, MetaData, SmallInteger, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schema.base import NAMING, Base


class LoopSummary(Base):
    """The closed loop's figures of one grid in one closed period (or a running one, see RunningMark), as data_access.loop counts them: the sums of its
    per-issue counts and flags, and the sums and counts behind its two averages (a group's average is the sum of
    its grids' sums over the sum of their counts)."""

    __tablename__ = "loop_summaries"
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)  # month, quarter or year
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    reported: Mapped[int] = mapped_column(Integer)
    filed: Mapped[int] = mapped_column(Integer)
    dispatched: Mapped[int] = mapped_column(Integer)
    reopened: Mapped[int] = mapped_column(Integer)
    extended: Mapped[int] = mapped_column(Integer)
    due: Mapped[int] = mapped_column(Integer)
    closed: Mapped[int] = mapped_column(Integer)
    closed_on_time: Mapped[int] = mapped_column(Integer)
    overdue_open: Mapped[int] = mapped_column(Integer)
    open_at_end: Mapped[int] = mapped_column(Integer)
    days_to_close_sum: Mapped[float] = mapped_column(Double)
    days_to_close_count: Mapped[int] = mapped_column(Integer)
    days_to_dispatch_sum: Mapped[float] = mapped_column(Double)
    days_to_dispatch_count: Mapped[int] = mapped_column(Integer)


class StandingSummary(Base):
    """What stands on one grid on the last day of a running period (see RunningMark), as data_access.organisation
    and data_access.people count it: its households, residents and party members then, the households with a
    党员联系户 link in force, the 防返贫 watch households and those of them visited in the period, the members with
    5–10 links, and the visits the grid's members made in the period."""

    __tablename__ = "standing_summaries"
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    households: Mapped[int] = mapped_column(Integer)
    residents: Mapped[int] = mapped_column(Integer)
    party_members: Mapped[int] = mapped_column(Integer)
    linked_households: Mapped[int] = mapped_column(Integer)
    watch_households: Mapped[int] = mapped_column(Integer)
    watch_visited: Mapped[int] = mapped_column(Integer)
    members_in_norm: Mapped[int] = mapped_column(Integer)
    member_visits: Mapped[int] = mapped_column(Integer)


class IssueStateSummary(Base):
    """Each issue of a running period (see RunningMark) as it stands at the moment its summaries were read at, as
    data_access.loop.issue_states gives it (the issues settled before the period's start are left out)."""

    __tablename__ = "issue_state_summaries"
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))  # the issue's, so that a place reads no issue row
    filed: Mapped[int] = mapped_column(Integer)
    filed_at: Mapped[datetime | None] = mapped_column(DateTime)
    open: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopen_count: Mapped[int] = mapped_column(Integer)
    stage: Mapped[int] = mapped_column(Integer)
    reported: Mapped[int] = mapped_column(Integer)
    settled: Mapped[int] = mapped_column(Integer)
    escalation_level: Mapped[int] = mapped_column(SmallInteger)
    target_department: Mapped[str | None] = mapped_column(String(60))

    __table_args__ = (Index("ix_issue_state_summaries_grid_kind", "grid_id", "period_kind"),)


class SummaryMark(Base):
    """How far the summaries of a period kind reach: every period of the kind that ends by `summarised_until` has
    its rows in loop_summaries (a grid with no issue in a period has none)."""

    __tablename__ = "summary_marks"
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)
    summarised_until: Mapped[date] = mapped_column(Date)


class UnversionedBase(DeclarativeBase):
    """Tables whose writes do not change the data version."""

    metadata = MetaData(naming_convention=NAMING)


class RankSummary(Base):
    """One unit's line of the 积分排名 of a running period (see RunningMark) over the whole district, for a viewer
    without a scope, as data_access.rankings ranks it: its members on the period's last day, their average star
    level, its confirmed points in whole tenths by source and in total, its members with points, per_member in
    hundredths, its rank (empty: unranked), how many units of the level are ranked, and its rank the period before."""

    __tablename__ = "rank_summaries"
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    level: Mapped[str] = mapped_column(String(13), primary_key=True)  # member, grid, service_point, village, township
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)
    star_level: Mapped[float | None] = mapped_column(Double)
    study: Mapped[int] = mapped_column(Integer)
    volunteer: Mapped[int] = mapped_column(Integer)
    issue: Mapped[int] = mapped_column(Integer)
    evaluation: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    members_with_points: Mapped[int] = mapped_column(Integer)
    per_member: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)
    ranked_units: Mapped[int] = mapped_column(Integer)
    previous_rank: Mapped[int | None] = mapped_column(Integer)


class RunningMark(UnversionedBase):
    """The loop, standing and issue-state summaries of a running period (the month, quarter or year holding today), read at `read_at`: they are
    what the case history gives until the data changes (`data_version`, the version they were written at), the day
    ends or `valid_until` comes (the next event recorded with a later moment, else midnight). Unversioned: writing
    the mark must not change the version it names, and its rows give the figures the case history gives."""

    __tablename__ = "running_marks"
    period_kind: Mapped[str] = mapped_column(String(7), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    read_at: Mapped[datetime] = mapped_column(DateTime)
    valid_until: Mapped[datetime] = mapped_column(DateTime)
    data_version: Mapped[int] = mapped_column(BigInteger)
