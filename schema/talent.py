"""人才配到网格: the talent pool, and 「一网格一龙头」 leading enterprises / cooperatives with linked households."""
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

TALENT_CATEGORIES = ("industry", "technology", "management", "party_government")
# 产业人才 / 科技人才 / 管理人才 / 党政人才
TALENT_BASES = ("registration", "business", "workplace")  # 户籍所在地 / 产业所在地 / 工作所在地
ENTERPRISE_KINDS = ("enterprise", "cooperative")  # 龙头企业 / 合作社
LINK_KINDS = ("employed", "linked")  # 就业 / 联农带农 (capital, labour or sales link)


class Talent(Base):
    """A person in the township talent pool, assigned to a grid party group when grid_id is set."""

    __tablename__ = "talents"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(Enum(*TALENT_CATEGORIES, name="talent_category", native_enum=False))
    basis: Mapped[str] = mapped_column(Enum(*TALENT_BASES, name="talent_basis", native_enum=False))
    returned: Mapped[bool] = mapped_column(Boolean, default=False)  # brought back home (回乡)
    returned_year: Mapped[int | None] = mapped_column(Integer)


class Enterprise(Base):
    """A leading enterprise or cooperative cultivated on a grid."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(Enum(*ENTERPRISE_KINDS, name="enterprise_kind", native_enum=False))
    industry: Mapped[str] = mapped_column(String(40))
    is_leading: Mapped[bool] = mapped_column(Boolean, default=True)  # the grid's 龙头


class EnterpriseHousehold(Base):
    """A household employed by or linked to an enterprise."""

    __tablename__ = "enterprise_households"
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), primary_key=True, index=True)
    link: Mapped[str] = mapped_column(Enum(*LINK_KINDS, name="link_kind", native_enum=False))
