"""The engine accounts, sessions and the audit trail are written through: ACCOUNTS_DATABASE_URL (or
`[database] accounts_url` in secrets.toml) when the app reads the governance data with a read-only account, else
the governance database itself."""
from sqlalchemy import Engine

from data_access.db import _setting, database_url, engine_for, statement_timeout


def accounts_engine() -> Engine:
    return engine_for(_setting("ACCOUNTS_DATABASE_URL", "accounts_url") or database_url(), statement_timeout())
