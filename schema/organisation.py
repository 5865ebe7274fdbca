"""The organisation chain: township → village → 片区 service point → grid, plus 村民小组 and boundaries."""
from sqlalchemy import Boolean, Enum, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

GRID_KINDS = ("industry", "governance", "study", "service")  # 产业型 / 治理型 / 学习型 / 服务型
SIX_HAVES = (  # 「六有」 checklist columns on ServicePoint, in the article's order
    "has_culture_square",  # 有文化广场
    "has_meeting_hall",  # 有议事大厅
    "has_bulletin_board",  # 有宣传专栏
    "has_office_equipment",  # 有办公设施
    "has_rules_on_wall",  # 有制度上墙
    "has_work_ledger",  # 有工作台账
)


class Township(Base):
    """A township (乡) and its 网格化服务管理中心."""

    __tablename__ = "townships"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    centre_name: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)
    farmland_mu: Mapped[int | None] = mapped_column(Integer)
    boundary_geojson: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Village(Base):
    """An administrative village (行政村) and its 网格化服务管理工作站."""

    __tablename__ = "villages"
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("townships.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    station_name: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class VillageBoundary(Base):
    """A village's area as a GeoJSON Polygon geometry (WGS-84)."""

    __tablename__ = "village_boundaries"
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), primary_key=True)
    geojson: Mapped[str] = mapped_column(Text)


class VillagerGroup(Base):
    """A 村民小组 (villager group) inside a village."""

    __tablename__ = "villager_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))


class ServicePoint(Base):
    """A 片区: its party group (片区党小组) and service point (网格化服务工作点) with the 「六有」 checklist."""

    __tablename__ = "service_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    leader_name: Mapped[str] = mapped_column(String(40))  # 片区党小组组长兼网格长 (村"两委" member)
    instructor_name: Mapped[str] = mapped_column(String(40))  # 乡干部指导员
    has_culture_square: Mapped[bool] = mapped_column(Boolean, default=False)
    has_meeting_hall: Mapped[bool] = mapped_column(Boolean, default=False)
    has_bulletin_board: Mapped[bool] = mapped_column(Boolean, default=False)
    has_office_equipment: Mapped[bool] = mapped_column(Boolean, default=False)
    has_rules_on_wall: Mapped[bool] = mapped_column(Boolean, default=False)
    has_work_ledger: Mapped[bool] = mapped_column(Boolean, default=False)


class Grid(Base):
    """A grid (网格) under a 片区, with its functional type, 网格长 and grid worker (网格员)."""

    __tablename__ = "grids"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_points.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(Enum(*GRID_KINDS, name="grid_kind", native_enum=False))
    head_name: Mapped[str] = mapped_column(String(40))
    worker_name: Mapped[str] = mapped_column(String(40))
    worker_phone: Mapped[str] = mapped_column(String(20))
