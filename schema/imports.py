"""The import log: every ledger file written into the database by `python -m ingest` or the 导入 page."""
from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base


class ImportLog(Base):
    """One import that wrote: when, which file (name and SHA-256), the rows it added, updated and left unchanged,
    and who (empty until sign-in exists)."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    added: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    user_name: Mapped[str | None] = mapped_column(String(60))
