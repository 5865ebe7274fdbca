"""Sign-in, lock-out, session expiry and sign-out, with an injected clock, on all three databases."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select

from accounts.admin import AccountError, add_account, reset_password, set_role, unlock
from accounts.audit import events
from accounts.models import Account, AccountSession, AuditEvent
from accounts.roles import Role
from accounts.signin import Policy, resume, sign_in, sign_out, start_organisation_session, start_session

T0 = datetime(2026, 11, 20, 8, 0)
PASSWORD = "correct horse battery"
POLICY = Policy(max_failures=3, lock_minutes=10, idle_minutes=30, absolute_hours=12)


@pytest.fixture
def accounts(engine: Engine) -> Engine:
    """A leader 王乡长 and an observer 观察员甲, nothing else in the accounts tables."""
    with engine.begin() as conn:
        for table in (AccountSession, AuditEvent, Account):
            conn.execute(delete(table))
    add_account(engine, "test", "王乡长", Role.LEADER, PASSWORD, T0)
    add_account(engine, "test", "观察员甲", Role.OBSERVER, PASSWORD, T0)
    return engine


def last_event(engine: Engine) -> tuple[str, str, str]:
    row = events(engine).iloc[0]
    return row["actor"], row["action"], row["detail"]


def test_the_right_password_starts_a_session_that_names_the_account(accounts: Engine) -> None:
    token = sign_in(accounts, "王乡长", PASSWORD, T0, POLICY)
    assert token is not None
    signed = resume(accounts, token, T0 + timedelta(minutes=5), POLICY)
    assert (signed.name, signed.role, signed.scope, signed.area_scope) == ("王乡长", Role.LEADER, None, None)
    assert last_event(accounts) == ("王乡长", "sign_in", "password")


def test_a_wrong_password_and_an_unknown_name_look_the_same(accounts: Engine) -> None:
    assert sign_in(accounts, "王乡长", "wrong password", T0, POLICY) is None
    assert last_event(accounts) == ("王乡长", "sign_in_failed", "wrong password")
    assert sign_in(accounts, "nobody", PASSWORD, T0, POLICY) is None
    assert last_event(accounts) == ("nobody", "sign_in_failed", "unknown name")


def test_repeated_failures_lock_the_account_for_a_while(accounts: Engine) -> None:
    for minute in range(3):
        assert sign_in(accounts, "王乡长", "guess", T0 + timedelta(minutes=minute), POLICY) is None
    assert last_event(accounts)[2] == "wrong password; locked for 10 min"
    locked_at = T0 + timedelta(minutes=2)
    assert sign_in(accounts, "王乡长", PASSWORD, locked_at + timedelta(minutes=9), POLICY) is None  # still locked
    assert last_event(accounts)[2] == "locked"
    assert sign_in(accounts, "王乡长", PASSWORD, locked_at + timedelta(minutes=10, seconds=1), POLICY) is not None
    with accounts.connect() as conn:
        assert conn.execute(select(Account.failed_attempts, Account.locked_until)
                            .where(Account.name == "王乡长")).one() == (0, None)


def test_a_success_resets_the_failure_count_and_unlock_lifts_a_lock(accounts: Engine) -> None:
    sign_in(accounts, "观察员甲", "guess", T0, POLICY)
    sign_in(accounts, "观察员甲", "guess", T0, POLICY)
    assert sign_in(accounts, "观察员甲", PASSWORD, T0, POLICY) is not None
    for _ in range(3):
        sign_in(accounts, "观察员甲", "guess", T0, POLICY)
    assert sign_in(accounts, "观察员甲", PASSWORD, T0, POLICY) is None
    unlock(accounts, "admin", "观察员甲", T0)
    assert sign_in(accounts, "观察员甲", PASSWORD, T0, POLICY) is not None


def test_a_session_ends_when_idle_too_long(accounts: Engine) -> None:
    token = sign_in(accounts, "王乡长", PASSWORD, T0, POLICY)
    assert resume(accounts, token, T0 + timedelta(minutes=29), POLICY) is not None  # and that counts as use
    assert resume(accounts, token, T0 + timedelta(minutes=58), POLICY) is not None
    assert resume(accounts, token, T0 + timedelta(minutes=89), POLICY) is None
    assert last_event(accounts)[:2] == ("王乡长", "session_expired")
    assert resume(accounts, token, T0 + timedelta(minutes=90), POLICY) is None  # ended for good


def test_a_session_ends_after_its_absolute_time_even_when_used(accounts: Engine) -> None:
    token = sign_in(accounts, "王乡长", PASSWORD, T0, POLICY)
    for minutes in range(20, 12 * 60, 20):
        assert resume(accounts, token, T0 + timedelta(minutes=minutes), POLICY) is not None
    assert resume(accounts, token, T0 + timedelta(hours=12, minutes=1), POLICY) is None


def test_sign_out_ends_the_session_and_a_made_up_token_opens_nothing(accounts: Engine) -> None:
    token = sign_in(accounts, "王乡长", PASSWORD, T0, POLICY)
    sign_out(accounts, token, T0 + timedelta(minutes=1))
    assert last_event(accounts)[:2] == ("王乡长", "sign_out")
    assert resume(accounts, token, T0 + timedelta(minutes=2), POLICY) is None
    assert resume(accounts, "made-up", T0, POLICY) is None


def test_start_session_is_the_path_for_an_already_authenticated_name(accounts: Engine) -> None:
    token = start_session(accounts, "观察员甲", T0, "oidc")
    assert resume(accounts, token, T0, POLICY).role is Role.OBSERVER
    assert last_event(accounts) == ("观察员甲", "sign_in", "oidc")
    assert start_session(accounts, "nobody", T0, "oidc") is None


def test_the_organisation_sign_in_keeps_the_account_to_the_claims_and_gives_it_no_password(accounts: Engine) -> None:
    token = start_organisation_session(accounts, "oidc:wang", Role.VILLAGE_SECRETARY, 2, T0)
    signed = resume(accounts, token, T0, POLICY)
    assert (signed.name, signed.role, signed.scope) == ("oidc:wang", Role.VILLAGE_SECRETARY, frozenset({2}))
    assert last_event(accounts) == ("oidc:wang", "sign_in", "oidc")
    later = T0 + timedelta(days=1)  # the provider now says leader: the account follows, and says so
    token = start_organisation_session(accounts, "oidc:wang", Role.LEADER, None, later)
    assert (resume(accounts, token, later, POLICY).role, resume(accounts, token, later, POLICY).scope) == (
        Role.LEADER, None)
    assert set(events(accounts)["action"]) >= {"account_added", "role_set", "sign_in"}
    assert sign_in(accounts, "oidc:wang", "", later, POLICY) is None  # no password opens it


def test_a_role_change_applies_to_a_live_session(accounts: Engine) -> None:
    """The session reads the account each time: a lowered role is in force at once."""
    token = sign_in(accounts, "王乡长", PASSWORD, T0, POLICY)
    set_role(accounts, "admin", "王乡长", Role.OBSERVER, T0)
    assert resume(accounts, token, T0, POLICY).role is Role.OBSERVER
    assert last_event(accounts) == ("admin", "role_set", "role=observer")


def test_account_changes_are_checked_and_recorded(accounts: Engine) -> None:
    with pytest.raises(AccountError):
        add_account(accounts, "admin", "王乡长", Role.LEADER, PASSWORD, T0)  # exists
    with pytest.raises(AccountError):
        add_account(accounts, "admin", "李书记", Role.VILLAGE_SECRETARY, PASSWORD, T0)  # no village
    with pytest.raises(AccountError):
        add_account(accounts, "admin", "李书记", Role.LEADER, "short", T0)
    reset_password(accounts, "admin", "王乡长", "another long password", T0)
    assert sign_in(accounts, "王乡长", PASSWORD, T0, POLICY) is None
    assert sign_in(accounts, "王乡长", "another long password", T0, POLICY) is not None
    actions = events(accounts, actor="admin")["action"].tolist()
    assert actions == ["password_reset"]
