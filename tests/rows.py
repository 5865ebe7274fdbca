"""Hand-built fixture rows go into a test database through this one helper."""
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from schema import SIX_HAVES

Rows = Sequence[tuple[type, Sequence[dict[str, Any]]]]
PLACE = {"lat": 29.2, "lon": 110.3}  # where every hand-built place stands


def service_point_row(id_: int, village_id: int, **values: Any) -> dict[str, Any]:
    """A 片区 service point's row; `values` replace or add columns."""
    return {"id": id_, "village_id": village_id, "name": f"片区{id_}", "leader_name": "组长",
            "instructor_name": "指导员", **PLACE, **values}


def six_haves_columns(missing: Sequence[str] = ()) -> dict[str, bool]:
    """A service point's 「六有」 columns: every item in place but the `missing` ones."""
    return {item: item not in missing for item in SIX_HAVES}


def grid_row(id_: int, service_point_id: int, **values: Any) -> dict[str, Any]:
    """A grid's row; `values` replace or add columns."""
    return {"id": id_, "service_point_id": service_point_id, "name": f"网格{id_}", "kind": "governance",
            "head_name": "网格长", "worker_name": "网格员", "worker_phone": "13700000000", **values}


def household_row(id_: int, grid_id: int, villager_group_id: int, **values: Any) -> dict[str, Any]:
    """A household's row; `values` replace or add columns."""
    return {"id": id_, "grid_id": grid_id, "villager_group_id": villager_group_id, "head_name": f"户主{id_:02d}",
            "head_phone": f"138000000{id_:02d}", "head_id_number": "430802199001011234", "size": 3, **PLACE,
            **values}


def residence_rows(households: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each household living on its grid since before the records (what migration 0004 backfills)."""
    return [{"household_id": row["id"], "grid_id": row["grid_id"]} for row in households]


def insert_rows(engine: Engine, rows: Rows) -> Engine:
    """Insert each model's rows in order, in one transaction; returns the engine for chaining in fixtures."""
    with engine.begin() as conn:
        for model, values in rows:
            conn.execute(insert(model), list(values))
    return engine


def with_issue_events(engine: Engine) -> Engine:
    """Write the case history of the issue rows as migration 0003 backfills it; returns the engine."""
    path = Path(__file__).parents[1] / "migrations" / "versions" / "0003_issue_events.py"
    spec = importlib.util.spec_from_file_location("issue_events_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with engine.begin() as conn:
        migration.backfill(conn)
    return engine
