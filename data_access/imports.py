"""The import log: which ledger files were imported, when, with how many rows added, updated and unchanged."""
import pandas as pd
from sqlalchemy import Engine, select

from data_access.db import read_frame
from schema import ImportLog

RECENT = 50


def import_log(engine: Engine | None = None, limit: int = RECENT) -> pd.DataFrame:
    """The latest imports first. Columns: imported_at, file_name, sha256, added, updated, unchanged, user_name."""
    log = ImportLog.__table__.c
    query = (select(log.imported_at, log.file_name, log.sha256, log.added, log.updated, log.unchanged, log.user_name)
             .order_by(log.imported_at.desc(), log.id.desc()).limit(limit))
    return read_frame(query, engine)
