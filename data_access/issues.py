"""The issue loop (民情台账 → 问题处理清单): its shared rules and building blocks, and 电话回访. The loop's period
figures (受理 … 超期未结, 未结) are data_access.loop's and the lists behind them data_access.issue_lists', both read
from the case history (issue_events).

Shared rules (DOMAIN.md), for a period [start, end) where `end` is the first day after the period:
- a period is read at the first moment of `end`; while it still runs it is read now instead (read_at): everything
  recorded so far counts, and days run to today;
- only callbacks on issues on the problem list count: made (called_on) in the period on issues filed (filed_at)
  by the moment it is read at.
Rates are fractions (0–1) beside their numerator and denominator columns, NaN when the denominator is 0.
A group with fewer than MIN_SAMPLE cases in the denominator of its ranked rate is flagged small_sample (样本不足)
and gets no rank.
"""
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any, Literal

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    FromClause,
    Join,
    Select,
    Subquery,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)

from data_access.db import read_frame, typed
from data_access.filters import Filter, Period, grid_ids
from data_access.places import Level, grids_by_place, grouped, place_columns
from schema import Callback, Grid, Issue, ServicePoint, Township, Village

GroupLevel = Level | Literal["service_line"]
GROUP_KEYS = {  # the column a group is known by
    "township": "township_id",
    "village": "village_id",
    "service_point": "service_point_id",
    "grid": "grid_id",
    "service_line": "service_line",
}
MIN_SAMPLE = 5
SERVICE_LINE_ZH = {
    "info": "基础信息采集",
    "policy": "法规政策宣传",
    "dispute": "矛盾纠纷排查",
    "hazard": "事件隐患报告",
    "poverty": "防返贫动态监测",
    "livelihood": "民生事项服务",
}
STAGE_ZH = {
    "reported": "上报",
    "filed": "立案",
    "dispatched": "派遣",
    "handled": "处置",
    "fed_back": "反馈",
    "closed": "结案",
}
CALLBACK_COUNTS = ["callbacks", "satisfied"]
CALLBACK_RATES = {"satisfaction_rate": ("satisfied", "callbacks")}  # rate → numerator, denominator
ISSUE_CHAIN = Issue.__table__.join(Grid, Grid.id == Issue.grid_id).join(
    ServicePoint, ServicePoint.id == Grid.service_point_id
)
PLACE_CHAIN = ISSUE_CHAIN.join(Village, Village.id == ServicePoint.village_id).join(
    Township, Township.id == Village.township_id
)


def placed(rows: Subquery) -> Join:
    """Rows of issues (an issue_id column) joined to the issues and their places, in that order: PostgreSQL keeps a
    written order of more than eight tables, and from the few rows of a township it then leaves the district's
    455,000 issues alone (overdue issues: 181 → 30 ms)."""
    return (rows.join(Issue, Issue.id == rows.c.issue_id).join(Grid, Grid.id == Issue.grid_id)
            .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
            .join(Village, Village.id == ServicePoint.village_id).join(Township, Township.id == Village.township_id))


def now() -> datetime:
    """The clock (the tests move it)."""
    return datetime.now()


def present() -> datetime:
    """Now, taken at the next whole second of the same day: the queries of one page run then read one moment, so
    their figures agree and the statements they share are built once (data_access.loop)."""
    moment = now()
    later = moment.replace(microsecond=0) + timedelta(seconds=1) if moment.microsecond else moment
    return later if later.date() == moment.date() else moment


def read_at(period: Period) -> datetime:
    """The moment a period's state (open, overdue, ages) is read at: its end, or the present while it still runs."""
    return min(datetime.combine(period.end, time()), present())


def has_ended(period: Period) -> bool:
    """Whether the period is read at its end (it no longer runs)."""
    return read_at(period) == datetime.combine(period.end, time())


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT of the rows where `condition` holds."""
    return func.count(case((condition, 1)))


def ratio(numerator: ColumnElement[Any], denominator: ColumnElement[Any]) -> ColumnElement[float]:
    """numerator / denominator as a float, NULL when the denominator is 0 (NaN in the frame)."""
    return cast(numerator, Float) / func.nullif(denominator, 0)


def mean(expression: ColumnElement[Any]) -> ColumnElement[float]:
    """AVG as a float (MariaDB averages integers into DECIMAL)."""
    return func.avg(cast(expression, Float))


def literal_table(columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> Subquery:
    """A small constant table (one SELECT of literals per row), to list groups that may hold no rows."""
    selects = [select(*(literal(value).label(name) for name, value in zip(columns, row))) for row in rows]
    return union_all(*selects).subquery()


def typed_figures(df: pd.DataFrame, ints: Iterable[str] = (), floats: Iterable[str] = ()) -> pd.DataFrame:
    """Clean dtypes whatever the driver returned (MariaDB sums are Decimal, empty averages None)."""
    return typed(df, {**dict.fromkeys(ints, "int64"), **dict.fromkeys(floats, "float64")})


def issue_and_place() -> list[ColumnElement[Any]]:
    """The first columns of an issue row (over PLACE_CHAIN): issue_id, title, township, village, service_point, grid,
    line."""
    return [
        Issue.id.label("issue_id"),
        Issue.title,
        Township.name.label("township"),
        Village.name.label("village"),
        ServicePoint.name.label("service_point"),
        Grid.name.label("grid"),
        Issue.service_line,
    ]


def issue_key(level: GroupLevel) -> ColumnElement[Any]:
    """The group an issue belongs to at `level` (over ISSUE_CHAIN)."""
    return {
        "township": select(Village.township_id).where(Village.id == ServicePoint.village_id).scalar_subquery(),
        "village": ServicePoint.village_id,
        "service_point": Grid.service_point_id,
        "grid": Issue.grid_id,
        "service_line": Issue.service_line,
    }[level]


def _groups(f: Filter, level: GroupLevel) -> Subquery:
    """Every group of `level` inside the filter, with or without issues, and `ordinal`, its place in the listing.

    Places have the columns of data_access.places.place_columns (village_id, village, … down to `level`); service
    lines have service_line and service_line_zh, in SERVICE_LINE_ZH order.
    """
    if level == "service_line":
        rows = ((code, name, n) for n, (code, name) in enumerate(SERVICE_LINE_ZH.items()))
        return literal_table(("service_line", "service_line_zh", "ordinal"), rows)
    columns = place_columns(level)
    ordinal = func.row_number().over(order_by=[column.element for column in columns[::2]])
    return grouped(grids_by_place(f, *columns, ordinal.label("ordinal")), level).subquery()


def per_group(f: Filter, level: GroupLevel, facts: list[Subquery], *figures: ColumnElement[Any]) -> Select[Any]:
    """The groups' columns and `figures`, over the groups outer-joined to each fact subquery on its group_key."""
    groups = _groups(f, level)
    source: FromClause = groups
    for fact in facts:
        source = source.outerjoin(fact, fact.c.group_key == groups.c[GROUP_KEYS[level]])
    labels = [column for column in groups.c if column.key != "ordinal"]
    return select(*labels, *figures).select_from(source).order_by(groups.c.ordinal)


def sample_rank(rate: ColumnElement[float], denominator: ColumnElement[int]) -> ColumnElement[int]:
    """Rank on `rate` (1 = highest) among groups whose denominator reaches MIN_SAMPLE; NULL for the others."""
    enough = denominator >= MIN_SAMPLE
    ranked = func.rank().over(partition_by=case((enough, 1), else_=0), order_by=rate.desc())
    return case((enough, ranked))


def _callbacks(f: Filter, period: Period, level: GroupLevel | None, aggregates: list[Any]) -> Subquery:
    """Callbacks made in the period on issues inside the filter that were filed by the period end (an entry never
    put on the problem list, or filed only later, is not counted), aggregated (per group of `level`)."""
    key = [issue_key(level).label("group_key")] if level else []
    return (
        select(*key, *aggregates)
        .select_from(ISSUE_CHAIN.join(Callback, Callback.issue_id == Issue.id))
        .where(Issue.grid_id.in_(grid_ids(f)), Issue.filed_at < read_at(period), Callback.called_on >= period.start,
               Callback.called_on < period.end)
        .group_by(*key)
        .subquery()
    )


def _satisfaction(callbacks: Subquery) -> ColumnElement[float]:
    """满意率 over a subquery of callback counts, as CALLBACK_RATES declares it."""
    numerator, denominator = CALLBACK_RATES["satisfaction_rate"]
    return ratio(callbacks.c[numerator], callbacks.c[denominator]).label("satisfaction_rate")


def callback_figures(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Two rows, period = 'current' (f.period) and 'previous' (f.period.previous()), with period_label and the
    电话回访 figures: callbacks made (called_on) in the period on issues filed by its end (callbacks on entries never
    filed do not count, issues not yet called back are in no denominator), satisfied (the resident said 满意) and
    satisfaction_rate 满意率 = satisfied / callbacks (CALLBACK_RATES)."""
    rows = []
    for name, period in (("current", f.period), ("previous", f.period.previous())):
        totals = _callbacks(f, period, None, [func.count().label("callbacks"),
                                              count_where(Callback.satisfied).label("satisfied")])
        rows.append(select(literal(name).label("period"), literal(period.label).label("period_label"),
                           totals.c.callbacks, totals.c.satisfied, _satisfaction(totals)))
    return typed_figures(read_frame(union_all(*rows), engine), CALLBACK_COUNTS, CALLBACK_RATES)


def callback_scores(f: Filter, level: GroupLevel = "village", engine: Engine | None = None) -> pd.DataFrame:
    """电话回访 made (called_on) in the period on issues filed by the period end, per group of `level`: the
    resident's ratings (callbacks on entries never filed do not count).

    callbacks: number of callbacks (each carries all three 1–5 scores, so it is the count behind every average);
    solved, satisfied and satisfaction_rate 满意率 = satisfied / callbacks; effect / duration / attitude: mean
    效果 / 时长 / 态度 scores; evaluation_index 群众评价指数 = mean of the three scores ÷ 5 × 100 (all 5s → 100,
    all 1s → 20). Every group inside the filter is listed; small_sample: callbacks < MIN_SAMPLE; rank: by
    evaluation_index among the other groups, NULL for small samples.
    """
    scores = _callbacks(
        f,
        f.period,
        level,
        [
            func.count().label("callbacks"),
            count_where(Callback.solved).label("solved"),
            count_where(Callback.satisfied).label("satisfied"),
            mean(Callback.effect_score).label("effect"),
            mean(Callback.duration_score).label("duration"),
            mean(Callback.attitude_score).label("attitude"),
            mean(Callback.effect_score + Callback.duration_score + Callback.attitude_score).label("score_sum"),
        ],
    )
    callbacks = func.coalesce(scores.c.callbacks, 0)
    index = scores.c.score_sum * 100 / 15
    query = per_group(
        f,
        level,
        [scores],
        callbacks.label("callbacks"),
        func.coalesce(scores.c.solved, 0).label("solved"),
        func.coalesce(scores.c.satisfied, 0).label("satisfied"),
        _satisfaction(scores),
        scores.c.effect,
        scores.c.duration,
        scores.c.attitude,
        index.label("evaluation_index"),
        (callbacks < MIN_SAMPLE).label("small_sample"),
        sample_rank(index, callbacks).label("rank"),
    )
    df = read_frame(query, engine)
    floats = ["satisfaction_rate", "effect", "duration", "attitude", "evaluation_index"]
    df = typed_figures(df, ["callbacks", "solved", "satisfied"], floats)
    return typed(df, {"small_sample": "bool", "rank": "Int64"})
