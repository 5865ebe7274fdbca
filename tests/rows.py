"""Hand-built fixture rows go into a test database through this one helper."""
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, insert

Rows = Sequence[tuple[type, Sequence[dict[str, Any]]]]


def insert_rows(engine: Engine, rows: Rows) -> Engine:
    """Insert each model's rows in order, in one transaction; returns the engine for chaining in fixtures."""
    with engine.begin() as conn:
        for model, values in rows:
            conn.execute(insert(model), list(values))
    return engine
