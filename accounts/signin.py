"""Sign-in with a password (argon2id), lock-out after repeated failures, and server-side sessions that expire.

The browser holds only a random token; each page run resumes the session from the database, so the role and the
place a viewer may see always come from the account, never from anything the browser sent. `start_session` is the
one way a session starts: after a password here, or after another sign-in (OpenID Connect) has named the account.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, select, update

from accounts.audit import record
from accounts.models import Account, AccountSession
from accounts.roles import Role

HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
UNKNOWN_USER_HASH = HASHER.hash(secrets.token_hex(16))  # verified against for an unknown name: the same work
TOUCH_EVERY = timedelta(seconds=60)  # a session's last_seen_at is written at most this often


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5  # wrong passwords in a row that lock the account
    lock_minutes: int = 15
    idle_minutes: int = 30  # a session unused this long ends
    absolute_hours: int = 12  # and any session ends this long after it started


POLICY = Policy()


@dataclass(frozen=True)
class SignedIn:
    """The account behind a live session, as the database has it now."""

    name: str
    role: Role
    village_id: int | None
    service_point_id: int | None

    @property
    def scope(self) -> frozenset[int] | None:
        """The villages the account may see; None for the whole township, empty for a secretary without one."""
        if self.role is Role.VILLAGE_SECRETARY:
            return frozenset({self.village_id} - {None})
        return None

    @property
    def area_scope(self) -> frozenset[int] | None:
        """The 片区 a 片区长 may see."""
        if self.role is Role.AREA_LEADER:
            return frozenset({self.service_point_id} - {None})
        return None


def utcnow() -> datetime:
    """Now in UTC without a time zone, as the accounts tables store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(engine: Engine, name: str, password: str, now: datetime, policy: Policy = POLICY) -> str | None:
    """A new session's token, or None for a wrong password, an unknown name or a locked account alike (the caller
    shows one message for all three, so nobody learns which names exist). Every attempt is recorded."""
    with engine.begin() as conn:
        account = conn.execute(select(Account.id, Account.password_hash, Account.failed_attempts,
                                      Account.locked_until).where(Account.name == name)).one_or_none()
        if account is None:
            _verify(UNKNOWN_USER_HASH, password)
            record(conn, now, name, "sign_in_failed", detail="unknown name")
            return None
        if account.locked_until is not None and account.locked_until > now:
            record(conn, now, name, "sign_in_failed", detail="locked")
            return None
        if not _verify(account.password_hash, password):
            failures = account.failed_attempts + 1
            locked = failures >= policy.max_failures
            conn.execute(update(Account).where(Account.id == account.id).values(
                failed_attempts=0 if locked else failures,
                locked_until=now + timedelta(minutes=policy.lock_minutes) if locked else None))
            record(conn, now, name, "sign_in_failed",
                   detail=f"wrong password; locked for {policy.lock_minutes} min" if locked else "wrong password")
            return None
        changes: dict[str, object] = {"failed_attempts": 0, "locked_until": None}
        if HASHER.check_needs_rehash(account.password_hash):
            changes["password_hash"] = hash_password(password)
        conn.execute(update(Account).where(Account.id == account.id).values(**changes))
        return _open(conn, account.id, name, now, "password")


def start_session(engine: Engine, name: str, now: datetime, via: str) -> str | None:
    """A session for an account someone else has authenticated (e.g. OpenID Connect, `via="oidc"`); None when no
    account has that name. Recorded as a sign-in."""
    with engine.begin() as conn:
        account_id = conn.execute(select(Account.id).where(Account.name == name)).scalar_one_or_none()
        if account_id is None:
            record(conn, now, name, "sign_in_failed", detail=f"unknown name ({via})")
            return None
        return _open(conn, account_id, name, now, via)


def start_organisation_session(engine: Engine, name: str, role: Role, village_id: int | None, now: datetime) -> str:
    """A session for someone the organisation's OpenID Connect provider has signed in: their account (`name`,
    "oidc:" and the provider's subject) takes the role and village the claims give each time, and has no password,
    so it cannot sign in through the form. Recorded as a sign-in via oidc (and the account change, when any)."""
    with engine.begin() as conn:
        row = conn.execute(select(Account.id, Account.role, Account.village_id).where(Account.name == name)).first()
        if row is None:
            account_id = conn.execute(Account.__table__.insert().values(
                name=name, role=role, village_id=village_id, password_hash="", failed_attempts=0, created_at=now,
                changed_at=now)).inserted_primary_key[0]
            record(conn, now, name, "account_added", name, f"{role.value} {village_id or ''} (oidc)".strip())
        else:
            account_id = row.id
            if (row.role, row.village_id) != (role, village_id):
                conn.execute(update(Account).where(Account.id == account_id).values(
                    role=role, village_id=village_id, service_point_id=None, changed_at=now))
                record(conn, now, name, "role_set", name, f"{role.value} {village_id or ''} (oidc)".strip())
        return _open(conn, account_id, name, now, "oidc")


def resume(engine: Engine, token: str, now: datetime, policy: Policy = POLICY) -> SignedIn | None:
    """The account of a live session; None for an unknown, ended or expired token (an expired one is ended and
    recorded)."""
    with engine.begin() as conn:
        row = conn.execute(
            select(AccountSession.id, AccountSession.started_at, AccountSession.last_seen_at, Account.name,
                   Account.role, Account.village_id, Account.service_point_id)
            .join(Account, Account.id == AccountSession.account_id)
            .where(AccountSession.token_hash == token_hash(token), AccountSession.ended_at.is_(None))
        ).one_or_none()
        if row is None:
            return None
        if (now - row.last_seen_at > timedelta(minutes=policy.idle_minutes)
                or now - row.started_at > timedelta(hours=policy.absolute_hours)):
            _end(conn, row.id, now)
            record(conn, now, row.name, "session_expired")
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            conn.execute(update(AccountSession).where(AccountSession.id == row.id).values(last_seen_at=now))
        return SignedIn(row.name, Role(row.role), row.village_id, row.service_point_id)


def sign_out(engine: Engine, token: str, now: datetime) -> None:
    with engine.begin() as conn:
        row = conn.execute(
            select(AccountSession.id, Account.name).join(Account, Account.id == AccountSession.account_id)
            .where(AccountSession.token_hash == token_hash(token), AccountSession.ended_at.is_(None))
        ).one_or_none()
        if row is not None:
            _end(conn, row.id, now)
            record(conn, now, row.name, "sign_out")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _open(conn: Connection, account_id: int, name: str, now: datetime, via: str) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute(AccountSession.__table__.insert().values(token_hash=token_hash(token), account_id=account_id,
                                                          started_at=now, last_seen_at=now))
    record(conn, now, name, "sign_in", detail=via)
    return token


def _end(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(update(AccountSession).where(AccountSession.id == session_id).values(ended_at=now))
