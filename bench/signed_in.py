"""A leader's session for the browser benchmarks: the cockpit requires signing in before any page."""
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select

from accounts.admin import add_account
from accounts.models import Account
from accounts.roles import Role
from accounts.signin import sign_out, start_session, utcnow

BENCH_LEADER = "bench_leader"
SIGNED_IN = '''"""{script} of the cockpit in a session signed in as the bench's leader."""
from pathlib import Path

import streamlit as st

st.session_state.setdefault({key!r}, {token!r})
exec(compile(Path({script!r}).read_text(encoding="utf-8"), {script!r}, "exec"))
'''


def leader(engine: Engine) -> tuple[str, str]:
    """The name of a leader account (added as bench_leader when there is none) and a note saying which."""
    with engine.connect() as conn:
        name = conn.execute(select(func.min(Account.name)).where(Account.role == Role.LEADER)).scalar_one()
    if name is not None:
        return name, f"signed in as the leader account {name}"
    add_account(engine, "bench.pages", BENCH_LEADER, Role.LEADER, secrets.token_urlsafe(24), utcnow())
    return BENCH_LEADER, f"added the leader account {BENCH_LEADER} (no leader account there) and signed in as it"


@contextmanager
def leader_session(engine: Engine) -> Iterator[tuple[str, str]]:
    """A session token of a leader and the note of `leader`; the session ends afterwards."""
    name, note = leader(engine)
    token = start_session(engine, name, utcnow(), "bench")
    assert token is not None
    try:
        yield token, note
    finally:
        sign_out(engine, token, utcnow())
