"""Tables of accounts, their sign-in sessions and the audit trail. Not governance data: writes here do not change
the data version (signing in must not empty the query cache), so they live in their own metadata."""
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from accounts.roles import Role
from schema.base import NAMING


class AccountsBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Account(AccountsBase):
    """A person who may sign in, with a role and, for a 村书记 or 片区长, the place they may see."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, name="account_role", native_enum=False,
                                            values_callable=lambda roles: [r.value for r in roles]))
    village_id: Mapped[int | None] = mapped_column(Integer)  # a village's id (checked by accounts.admin)
    service_point_id: Mapped[int | None] = mapped_column(Integer)  # a 片区's id
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class AccountSession(AccountsBase):
    """A signed-in session, known to the browser only by a random token (its SHA-256 is kept here)."""

    __tablename__ = "account_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(AccountsBase):
    """One recorded act: a sign-in or its failure, a sign-out, an export, an unmask, an account change."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60), index=True)
    action: Mapped[str] = mapped_column(String(30), index=True)
    resource: Mapped[str] = mapped_column(Text, default="")  # what: a page, a file, an account; and which filter
    detail: Mapped[str] = mapped_column(Text, default="")  # e.g. the reason given for an unmask
