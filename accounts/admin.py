"""Account changes (add, role and place, password, unlock) and the list of accounts; each change is recorded."""
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from accounts.audit import record
from accounts.models import Account
from accounts.roles import Role
from accounts.signin import hash_password
from data_access.db import read_frame
from schema import ServicePoint, Village

MIN_PASSWORD = 10


class AccountError(ValueError):
    """A change that cannot be made, with the reason in both languages."""


def check_place(conn: Connection, role: Role, village_id: int | None, service_point_id: int | None) -> None:
    """A 村书记 needs an existing village, a 片区长 an existing 片区; the other roles see the whole township."""
    if role is Role.VILLAGE_SECRETARY:
        if village_id is None or conn.execute(select(Village.id).where(
                Village.id == village_id)).scalar_one_or_none() is None:
            raise AccountError(f"村书记需要一个存在的行政村 (--village) / a village secretary needs an existing "
                               f"village (--village), not {village_id}")
    elif role is Role.AREA_LEADER:
        if service_point_id is None or conn.execute(select(ServicePoint.id).where(
                ServicePoint.id == service_point_id)).scalar_one_or_none() is None:
            raise AccountError(f"片区长需要一个存在的片区 (--service-point) / a 片区 leader needs an existing 片区 "
                               f"(--service-point), not {service_point_id}")
    elif village_id is not None or service_point_id is not None:
        raise AccountError(f"{role.value} 看全乡，不设村或片区 / sees the whole township: no village or 片区")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符 / the password needs at least {MIN_PASSWORD} characters")


def add_account(engine: Engine, actor: str, name: str, role: Role, password: str, now: datetime,
                village_id: int | None = None, service_point_id: int | None = None) -> None:
    check_password(password)
    with engine.begin() as conn:
        if conn.execute(select(Account.id).where(Account.name == name)).scalar_one_or_none() is not None:
            raise AccountError(f"账号“{name}”已存在 / the account “{name}” exists already")
        check_place(conn, role, village_id, service_point_id)
        conn.execute(insert(Account).values(name=name, role=role, village_id=village_id,
                                            service_point_id=service_point_id, password_hash=hash_password(password),
                                            failed_attempts=0, created_at=now, changed_at=now))
        record(conn, now, actor, "account_added", name, _place_text(role, village_id, service_point_id))


def set_role(engine: Engine, actor: str, name: str, role: Role, now: datetime, village_id: int | None = None,
             service_point_id: int | None = None) -> None:
    with engine.begin() as conn:
        _existing(conn, name)
        check_place(conn, role, village_id, service_point_id)
        conn.execute(update(Account).where(Account.name == name).values(
            role=role, village_id=village_id, service_point_id=service_point_id, changed_at=now))
        record(conn, now, actor, "role_set", name, _place_text(role, village_id, service_point_id))


def reset_password(engine: Engine, actor: str, name: str, password: str, now: datetime) -> None:
    check_password(password)
    with engine.begin() as conn:
        _existing(conn, name)
        conn.execute(update(Account).where(Account.name == name).values(
            password_hash=hash_password(password), failed_attempts=0, locked_until=None, changed_at=now))
        record(conn, now, actor, "password_reset", name)


def unlock(engine: Engine, actor: str, name: str, now: datetime) -> None:
    with engine.begin() as conn:
        _existing(conn, name)
        conn.execute(update(Account).where(Account.name == name).values(failed_attempts=0, locked_until=None,
                                                                         changed_at=now))
        record(conn, now, actor, "account_unlocked", name)


def accounts(engine: Engine) -> pd.DataFrame:
    """Columns: name, role, village_id, service_point_id, failed_attempts, locked_until, created_at, changed_at."""
    return read_frame(select(Account.name, Account.role, Account.village_id, Account.service_point_id,
                             Account.failed_attempts, Account.locked_until, Account.created_at, Account.changed_at)
                      .order_by(Account.name), engine)


def _existing(conn: Connection, name: str) -> None:
    if conn.execute(select(Account.id).where(Account.name == name)).scalar_one_or_none() is None:
        raise AccountError(f"没有账号“{name}” / no account “{name}”")


def _place_text(role: Role, village_id: int | None, service_point_id: int | None) -> str:
    place = f" village={village_id}" if village_id else f" service_point={service_point_id}" if service_point_id else ""
    return f"role={role.value}{place}"
