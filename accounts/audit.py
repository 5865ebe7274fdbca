"""The audit trail: record an act, and read it back for the admin page."""
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from accounts.models import AuditEvent
from data_access.db import read_frame

ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "session_expired", "export", "unmask", "account_added",
           "role_set", "password_reset", "account_unlocked")
NAME_LENGTH = 60


def record(conn: Connection, at: datetime, actor: str, action: str, resource: str = "", detail: str = "") -> None:
    """One event, written in the caller's transaction."""
    conn.execute(insert(AuditEvent).values(at=at, actor=actor[:NAME_LENGTH], action=action, resource=resource,
                                           detail=detail))


def events(engine: Engine, since: datetime | None = None, until: datetime | None = None, actor: str | None = None,
           action: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """The latest events first, narrowed by time (since inclusive, until exclusive), actor and action.
    Columns: at, actor, action, resource, detail."""
    query = select(AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.resource, AuditEvent.detail)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    return read_frame(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit), engine)
