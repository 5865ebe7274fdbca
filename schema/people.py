"""Residents and party members: households, members, 党员联系户 links and household visits."""
from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base


class Household(Base):
    """A household (户); the head's name, phone and ID number are personal data."""

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


class PartyMember(Base):
    """A party member (党员) on a grid, with the 评星定级 star level (1–5)."""

    __tablename__ = "party_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    star_level: Mapped[int] = mapped_column(SmallInteger, default=3)
    joined_year: Mapped[int | None] = mapped_column(Integer)


class ContactLink(Base):
    """党员联系户: a member is responsible for a household (each household has at most one member)."""

    __tablename__ = "contact_links"
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_members.id"), index=True)
    since: Mapped[date] = mapped_column(Date)


class Visit(Base):
    """A household visit (走访, 「五个到户」) by a party member or the grid worker."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("party_members.id"))
    visited_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        Index("ix_visits_grid_date", "grid_id", "visited_on"),
        Index("ix_visits_household_date", "household_id", "visited_on"),
        Index("ix_visits_member_date", "member_id", "visited_on"),
    )
