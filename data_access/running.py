"""Whether the summaries written for a running period (schema.RunningMark) still give its figures: they were written
at the data version of now, today, with no issue event recorded between the moment they were read at and now."""
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from data_access.db import read_frame
from data_access.filters import Period
from data_access.issues import has_ended, present
from schema import RunningMark
from schema.data_version import DATA_VERSION


def mark_holds(mark: Any, period: Period, version: int, moment: datetime) -> bool:
    """Whether a running mark (RunningMark's columns) still holds for `period` at `moment` and `version`."""
    return (mark.period_start == period.start and mark.data_version == version
            and mark.read_at.date() == moment.date() and moment <= mark.valid_until)


def summarised(period: Period, engine: Engine | None = None) -> bool:
    """Whether `period` runs and its summaries (loop, standing and issue states: schema.summaries) give its figures
    now."""
    if has_ended(period):
        return False
    m = RunningMark.__table__.c
    version_now = select(DATA_VERSION.c.version).scalar_subquery().label("version_now")
    marks = read_frame(select(m.period_start, m.read_at, m.valid_until, m.data_version, version_now)
                       .where(m.period_kind == period.kind), engine)
    return not marks.empty and mark_holds(marks.iloc[0], period, marks.iloc[0].version_now, present())
