"""Demo accounts, one for every role, each with a random password that is printed once."""
import secrets
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Engine, select

from accounts.admin import add_account
from accounts.roles import ROLE_NAMES, Role
from schema import ServicePoint, Village


class DemoAccount(NamedTuple):
    name: str
    role: Role
    place: str  # the village or 片区 it may see, empty for the whole township
    password: str


def add_demo_accounts(engine: Engine, now: datetime) -> list[DemoAccount]:
    """leader, secretary (the first village), area (its first 片区), observer and admin."""
    with engine.connect() as conn:
        village_id, village = conn.execute(select(Village.id, Village.name).order_by(Village.id).limit(1)).one()
        point_id, point = conn.execute(select(ServicePoint.id, ServicePoint.name).where(
            ServicePoint.village_id == village_id).order_by(ServicePoint.id).limit(1)).one()
    plan = [("leader", Role.LEADER, None, None, ""), ("secretary", Role.VILLAGE_SECRETARY, village_id, None, village),
            ("area", Role.AREA_LEADER, None, point_id, point), ("observer", Role.OBSERVER, None, None, ""),
            ("admin", Role.ADMIN, None, None, "")]
    made = []
    for name, role, village_id_, point_id_, place in plan:
        password = secrets.token_urlsafe(12)
        add_account(engine, "seed", name, role, password, now, village_id_, point_id_)
        made.append(DemoAccount(name, role, place, password))
    return made


def print_accounts(made: list[DemoAccount]) -> None:
    print("演示账号（密码只显示这一次）/ Demo accounts (the passwords are shown only this once):")
    for account in made:
        zh, en = ROLE_NAMES[account.role]
        print(f"  {account.name:<10} {account.password:<18} {zh} / {en} {account.place}".rstrip())
    print("正式使用前请修改或删除 / change them before real use: python -m accounts reset-password NAME")
