"""「志愿罗水」: volunteer teams, their members, activities and service registrations."""
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

ACTIVITY_KINDS = ("cleaning", "teaching", "elderly_care", "child_care", "policy", "other")
# 卫生清扫 / 送教上门 / 关爱老人 / 关爱儿童 / 政策宣讲 / 其他


class VolunteerTeam(Base):
    """A team: township level (village_id is null) or one per village."""

    __tablename__ = "volunteer_teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))


class Volunteer(Base):
    """A registered volunteer; member_id is set when the volunteer is a party member (党员志愿者)."""

    __tablename__ = "volunteers"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("volunteer_teams.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("party_members.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))


class VolunteerActivity(Base):
    """One activity held by a team; is_monthly marks the team's fixed monthly activity (固定每月一次)."""

    __tablename__ = "volunteer_activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("volunteer_teams.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)  # where it was held
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(Enum(*ACTIVITY_KINDS, name="activity_kind", native_enum=False))
    place: Mapped[str] = mapped_column(String(80))
    is_monthly: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_volunteer_activities_grid_held", "grid_id", "held_on"),)


class VolunteerService(Base):
    """A service registration: who served at which activity, for how many hours."""

    __tablename__ = "volunteer_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("volunteer_activities.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))
