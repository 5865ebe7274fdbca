"""Residents and party members: households and where they lived, members and their time here, dated 党员联系户
links and household visits.

Every span runs from its start (inclusive) to its end (exclusive): a hand-over, a move or a departure on a day
ends one span and starts the next on that same day. An empty start means "before the records begin"; an empty end,
"still in force". A period's figures read the spans in force on its last day (data_access.people.in_force).
"""
from datetime import date

from sqlalchemy import (
    Boolean, CheckConstraint, Date, Enum, Float, ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

LEAVE_REASONS = ("transferred_out", "died")  # 转出 / 去世


class Household(Base):
    """A household (户); the head's name, phone and ID number are personal data.

    grid_id is where it lives now (its open HouseholdResidence), for quick reads; past figures use the residences.
    """

    __tablename__ = "households"
    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    villager_group_id: Mapped[int] = mapped_column(ForeignKey("villager_groups.id"), index=True)
    head_name: Mapped[str] = mapped_column(String(40))
    head_phone: Mapped[str] = mapped_column(String(20))
    head_id_number: Mapped[str] = mapped_column(String(18))
    size: Mapped[int] = mapped_column(SmallInteger)
    poverty_watch: Mapped[bool] = mapped_column(Boolean, default=False)  # 防返贫动态监测对象
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class HouseholdResidence(Base):
    """Where a household lived: on grid_id from started_on (empty: before the records) until ended_on (exclusive;
    empty: it still lives there). A household has one residence at a time; a move ends one and starts the next."""

    __tablename__ = "household_residences"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (CheckConstraint("ended_on > started_on", name="ends_after_start"),)


class PartyMember(Base):
    """A party member (党员) on a grid, with the 评星定级 star level (1–5), a member here from arrived_on (empty:
    before the records) until left_on (exclusive; empty: still here), having left for left_reason. The row and
    everything the member did stay when they leave (转出 or 去世)."""

    __tablename__ = "party_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    star_level: Mapped[int] = mapped_column(SmallInteger, default=3)
    joined_year: Mapped[int | None] = mapped_column(Integer)  # joined the party
    arrived_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(Enum(*LEAVE_REASONS, name="leave_reason", native_enum=False))


class ContactLink(Base):
    """党员联系户: a member is responsible for a household from started_on until ended_on (exclusive; empty: still).

    A household has at most one link in force at a time: a hand-over ends the old link and starts the new one on
    the same day (the writers keep this; no portable constraint can check overlapping spans).
    """

    __tablename__ = "contact_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_members.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("household_id", "started_on"),
        CheckConstraint("ended_on > started_on", name="ends_after_start"),
    )


class Visit(Base):
    """A household visit (走访, 「五个到户」) by a party member or the grid worker."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("party_members.id"))
    visited_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        Index("ix_visits_visited_on", "visited_on"),
        Index("ix_visits_grid_date", "grid_id", "visited_on"),
        Index("ix_visits_household_date", "household_id", "visited_on"),
        Index("ix_visits_member_date", "member_id", "visited_on"),
    )
