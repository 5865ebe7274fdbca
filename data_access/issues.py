"""The issue loop (民情台账 → 问题处理清单): the lists behind it (overdue, escalations, ageing, stages, every issue)
and 电话回访. The loop's period figures (受理 … 超期未结, 未结) are data_access.loop's, read from the case history;
the lists here read the issue rows' current state.

Shared rules of the lists (DOMAIN.md), for a period [start, end) where `end` is the first day after the period:
- only issues on the problem list count (filed_at set), and only the callbacks on them; the clock starts at
  filing (filed_at);
- an issue is open at a moment when it was filed before it and not closed before it; the schema keeps only the
  last closing, so an issue reopened after closing (closed_at cleared) counts as open from filing until it is
  closed again, and counts in 返工 (reopen_count > 0);
- the due date is the current due_date, also when it was moved on escalation (first_due_date is ignored);
- closed on time: closed on or before the due date, so closing on the due date itself is on time;
- "at period end" means at the first moment of `end`: an issue due on the period's last day and still open then is
  overdue (by 1 day); ages and days overdue are whole calendar days up to `end`;
- a period still running is read now instead of at its end: everything recorded so far counts, an open issue is
  overdue once its due date is before today (due today is not yet overdue) and ages run to today; so the current
  month's 超期未结 and 应结案数 never count an issue whose due date has not yet passed.
Rates are fractions (0–1) beside their numerator and denominator columns, NaN when the denominator is 0.
A group with fewer than MIN_SAMPLE cases in the denominator of its ranked rate is flagged small_sample (样本不足)
and gets no rank.
"""
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any, Literal

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    FromClause,
    Select,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)

from data_access.db import read_frame
from data_access.filters import Filter, Period, add_months, grid_ids
from data_access.places import Level, grids_by_place, grouped, place_columns
from data_access.privacy import mask_columns
from data_access.sql import days_between
from schema import Callback, Grid, Household, Issue, ServicePoint, Village

GroupLevel = Level | Literal["service_line"]
GROUP_KEYS = {  # the column a group is known by
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
AGE_BUCKETS = (("0–7", 7), ("8–30", 30), ("31–90", 90), (">90", None))  # label, largest age in days
CALLBACK_COUNTS = ["callbacks", "satisfied"]
CALLBACK_RATES = {"satisfaction_rate": ("satisfied", "callbacks")}  # rate → numerator, denominator
ISSUE_CHAIN = Issue.__table__.join(Grid, Grid.id == Issue.grid_id).join(
    ServicePoint, ServicePoint.id == Grid.service_point_id
)
PLACE_CHAIN = ISSUE_CHAIN.join(Village, Village.id == ServicePoint.village_id)


def now() -> datetime:
    """The clock (the tests move it)."""
    return datetime.now()


def read_at(period: Period) -> datetime:
    """The moment a period's state (open, overdue, ages) is read at: its end, or now while it is still running."""
    return min(datetime.combine(period.end, time()), now())


class _Rules:
    """The DOMAIN.md conditions on an issue for one period, as SQL expressions."""

    def __init__(self, period: Period) -> None:
        self.start = datetime.combine(period.start, time())
        self.end = read_at(period)
        self.end_day = min(period.end, self.end.date())

    @property
    def open_at_end(self) -> ColumnElement[bool]:
        return and_(Issue.filed_at < self.end, or_(Issue.closed_at.is_(None), Issue.closed_at >= self.end))

    @property
    def overdue_at_end(self) -> ColumnElement[bool]:
        return and_(self.open_at_end, Issue.due_date < self.end_day)

    def age(self, column: Any) -> ColumnElement[int]:
        """Whole days from the date in `column` to the period end."""
        return days_between(column, self.end_day)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _ratio(numerator: ColumnElement[Any], denominator: ColumnElement[Any]) -> ColumnElement[float]:
    return cast(numerator, Float) / func.nullif(denominator, 0)


def _mean(expression: ColumnElement[Any]) -> ColumnElement[float]:
    return func.avg(cast(expression, Float))


def _literal_table(columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> Subquery:
    """A small constant table (one SELECT of literals per row), to list groups that may hold no rows."""
    selects = [select(*(literal(value).label(name) for name, value in zip(columns, row))) for row in rows]
    return union_all(*selects).subquery()


def _typed(df: pd.DataFrame, ints: Iterable[str] = (), floats: Iterable[str] = ()) -> pd.DataFrame:
    """Clean dtypes whatever the driver returned (MariaDB sums are Decimal, empty averages None)."""
    return df.astype({**{c: "int64" for c in ints}, **{c: "float64" for c in floats}})


def _issue_and_place() -> list[ColumnElement[Any]]:
    """The first columns of an issue row (over PLACE_CHAIN): issue_id, title, village, service_point, grid, line."""
    return [
        Issue.id.label("issue_id"),
        Issue.title,
        Village.name.label("village"),
        ServicePoint.name.label("service_point"),
        Grid.name.label("grid"),
        Issue.service_line,
    ]


def _issue_key(level: GroupLevel) -> ColumnElement[Any]:
    """The group an issue belongs to at `level` (over ISSUE_CHAIN)."""
    return {
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
        return _literal_table(("service_line", "service_line_zh", "ordinal"), rows)
    columns = place_columns(level)
    ordinal = func.row_number().over(order_by=[column.element for column in columns[::2]])
    return grouped(grids_by_place(f, *columns, ordinal.label("ordinal")), level).subquery()


def _per_group(f: Filter, level: GroupLevel, facts: list[Subquery], *figures: ColumnElement[Any]) -> Select[Any]:
    """The groups' columns and `figures`, over the groups outer-joined to each fact subquery on its group_key."""
    groups = _groups(f, level)
    source: FromClause = groups
    for fact in facts:
        source = source.outerjoin(fact, fact.c.group_key == groups.c[GROUP_KEYS[level]])
    labels = [column for column in groups.c if column.key != "ordinal"]
    return select(*labels, *figures).select_from(source).order_by(groups.c.ordinal)


def _rank(rate: ColumnElement[float], denominator: ColumnElement[int]) -> ColumnElement[int]:
    """Rank on `rate` (1 = highest) among groups whose denominator reaches MIN_SAMPLE; NULL for the others."""
    enough = denominator >= MIN_SAMPLE
    ranked = func.rank().over(partition_by=case((enough, 1), else_=0), order_by=rate.desc())
    return case((enough, ranked))


def _callbacks(f: Filter, period: Period, level: GroupLevel | None, aggregates: list[Any]) -> Subquery:
    """Callbacks made in the period on issues inside the filter that were filed by the period end (an entry never
    put on the problem list, or filed only later, is not counted), aggregated (per group of `level`)."""
    key = [_issue_key(level).label("group_key")] if level else []
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
    return _ratio(callbacks.c[numerator], callbacks.c[denominator]).label("satisfaction_rate")


def callback_figures(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Two rows, period = 'current' (f.period) and 'previous' (f.period.previous()), with period_label and the
    电话回访 figures: callbacks made (called_on) in the period on issues filed by its end (callbacks on entries never
    filed do not count, issues not yet called back are in no denominator), satisfied (the resident said 满意) and
    satisfaction_rate 满意率 = satisfied / callbacks (CALLBACK_RATES)."""
    rows = []
    for name, period in (("current", f.period), ("previous", f.period.previous())):
        totals = _callbacks(f, period, None, [func.count().label("callbacks"),
                                              _count(Callback.satisfied).label("satisfied")])
        rows.append(select(literal(name).label("period"), literal(period.label).label("period_label"),
                           totals.c.callbacks, totals.c.satisfied, _satisfaction(totals)))
    return _typed(read_frame(union_all(*rows), engine), CALLBACK_COUNTS, CALLBACK_RATES)


def loop_stage_counts(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Issues reported (reported_at) in the period by the furthest loop stage reached by the period end.

    Stages in order: reported 上报 → filed 立案 → dispatched 派遣 → handled 处置 → fed_back 反馈 → closed 结案; the
    population is all reported issues (so those not yet put on the list show as 'reported'); a stage skipped on
    the way does not matter, the furthest timestamp set before the period end decides; a reopened issue is not
    closed. Columns: stage, stage_zh, issues (furthest stage is this one), reached (this stage or further; the
    funnel). Every stage is listed.
    """
    rules = _Rules(f.period)
    steps = [Issue.filed_at, Issue.dispatched_at, Issue.handled_at, Issue.fed_back_at, Issue.closed_at]
    furthest = case(*((column < rules.end, n) for n, column in reversed(list(enumerate(steps, 1)))), else_=0)
    staged = (
        select(furthest.label("stage"))
        .where(Issue.grid_id.in_(grid_ids(f)), Issue.reported_at >= rules.start, Issue.reported_at < rules.end)
        .subquery()
    )
    stages = _literal_table(("ordinal", "stage", "stage_zh"), ((n, *kv) for n, kv in enumerate(STAGE_ZH.items())))
    query = (
        select(
            stages.c.stage,
            stages.c.stage_zh,
            _count(staged.c.stage == stages.c.ordinal).label("issues"),
            func.count(staged.c.stage).label("reached"),
        )
        .select_from(stages.outerjoin(staged, staged.c.stage >= stages.c.ordinal))
        .group_by(stages.c.ordinal, stages.c.stage, stages.c.stage_zh)
        .order_by(stages.c.ordinal)
    )
    return _typed(read_frame(query, engine), ["issues", "reached"])


def open_issue_ageing(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Issues open at the period end by age: bucket (AGE_BUCKETS order), issues, overdue (of them past due).

    Age = whole days from the filing date to the period end (an issue filed on the period's last day is 1 day old).
    Every bucket is listed.
    """
    rules = _Rules(f.period)
    age = rules.age(Issue.filed_at)
    limits = [(age <= top, n) for n, (_, top) in enumerate(AGE_BUCKETS) if top is not None]
    bucket = case(*limits, else_=len(AGE_BUCKETS) - 1)
    aged = (
        select(bucket.label("ordinal"), case((rules.overdue_at_end, 1)).label("overdue"))
        .where(Issue.grid_id.in_(grid_ids(f)), rules.open_at_end)
        .subquery()
    )
    buckets = _literal_table(("ordinal", "bucket"), ((n, label) for n, (label, _) in enumerate(AGE_BUCKETS)))
    query = (
        select(
            buckets.c.bucket, func.count(aged.c.ordinal).label("issues"), func.count(aged.c.overdue).label("overdue")
        )
        .select_from(buckets.outerjoin(aged, aged.c.ordinal == buckets.c.ordinal))
        .group_by(buckets.c.ordinal, buckets.c.bucket)
        .order_by(buckets.c.ordinal)
    )
    return _typed(read_frame(query, engine), ["issues", "overdue"])


def overdue_issues(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Every issue open and past its (current) due date at the period end, most days overdue first.

    days_overdue = whole days from due_date to the period end (due on the period's last day → 1). owner_name is
    masked. Columns: issue_id, title, village, service_point (片区), grid, service_line, owner_name,
    escalation_level, target_department, filed_at, due_date, days_overdue.
    """
    rules = _Rules(f.period)
    days_overdue = rules.age(Issue.due_date)
    query = (
        select(
            *_issue_and_place(),
            Issue.owner_name,
            Issue.escalation_level,
            Issue.target_department,
            Issue.filed_at,
            Issue.due_date,
            days_overdue.label("days_overdue"),
        )
        .select_from(PLACE_CHAIN)
        .where(Issue.grid_id.in_(grid_ids(f)), rules.overdue_at_end)
        .order_by(days_overdue.desc(), Issue.id)
    )
    df = _typed(read_frame(query, engine), ["issue_id", "escalation_level", "days_overdue"])
    return mask_columns(df, owner_name="name")


def escalations(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Escalated issues (escalation_level > 0: 1 village, 2 township, 3 county) open at the period end.

    Per escalation_level and target_department (NULL when none is named): issues, overdue (past current due_date),
    avg_age_days and max_age_days (whole days from filing to the period end). Highest level first, then most issues.
    """
    rules = _Rules(f.period)
    age = rules.age(Issue.filed_at)
    query = (
        select(
            Issue.escalation_level,
            Issue.target_department,
            func.count().label("issues"),
            _count(rules.overdue_at_end).label("overdue"),
            _mean(age).label("avg_age_days"),
            func.max(age).label("max_age_days"),
        )
        .where(Issue.grid_id.in_(grid_ids(f)), rules.open_at_end, Issue.escalation_level > 0)
        .group_by(Issue.escalation_level, Issue.target_department)
        .order_by(Issue.escalation_level.desc(), func.count().desc(), Issue.target_department)
    )
    ints = ["escalation_level", "issues", "overdue", "max_age_days"]
    return _typed(read_frame(query, engine), ints, ["avg_age_days"])


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
            _count(Callback.solved).label("solved"),
            _count(Callback.satisfied).label("satisfied"),
            _mean(Callback.effect_score).label("effect"),
            _mean(Callback.duration_score).label("duration"),
            _mean(Callback.attitude_score).label("attitude"),
            _mean(Callback.effect_score + Callback.duration_score + Callback.attitude_score).label("score_sum"),
        ],
    )
    callbacks = func.coalesce(scores.c.callbacks, 0)
    index = scores.c.score_sum * 100 / 15
    query = _per_group(
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
        _rank(index, callbacks).label("rank"),
    )
    df = read_frame(query, engine)
    floats = ["satisfaction_rate", "effect", "duration", "attitude", "evaluation_index"]
    return _typed(df, ["callbacks", "solved", "satisfied"], floats).astype({"small_sample": "bool", "rank": "Int64"})


def repeat_complaint_households(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Households with ≥ 2 issues reported (reported_at) in the 12 months up to the period end.

    Household and issue both inside the filter. Columns: household_id, head_name (masked), village, grid (the
    household's), issues, open_issues (open at the period end; never-filed entries count as open), service_lines
    (distinct), first_reported, last_reported. Most issues first.
    """
    end = datetime.combine(f.period.end, time())
    since = datetime.combine(add_months(f.period.end, -12), time())
    grids = grid_ids(f)
    per_household = (  # the issues first, grouped by household; then the few repeat households joined to places
        select(
            Issue.household_id,
            func.count().label("issues"),
            _count(or_(Issue.closed_at.is_(None), Issue.closed_at >= end)).label("open_issues"),
            func.count(Issue.service_line.distinct()).label("service_lines"),
            func.min(Issue.reported_at).label("first_reported"),
            func.max(Issue.reported_at).label("last_reported"),
        )
        .where(Issue.household_id.is_not(None), Issue.grid_id.in_(grids), Issue.reported_at >= since,
               Issue.reported_at < end)
        .group_by(Issue.household_id)
        .having(func.count() >= 2)
        .subquery()
    )
    repeat = per_household.c
    query = (
        select(
            Household.id.label("household_id"),
            Household.head_name,
            Village.name.label("village"),
            Grid.name.label("grid"),
            repeat.issues,
            repeat.open_issues,
            repeat.service_lines,
            repeat.first_reported,
            repeat.last_reported,
        )
        .select_from(
            per_household.join(Household, Household.id == repeat.household_id)
            .join(Grid, Grid.id == Household.grid_id)
            .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
            .join(Village, Village.id == ServicePoint.village_id)
        )
        .where(Household.grid_id.in_(grids))
        .order_by(repeat.issues.desc(), repeat.last_reported.desc(), Household.id)
    )
    df = _typed(read_frame(query, engine), ["household_id", "issues", "open_issues", "service_lines"])
    return mask_columns(df, head_name="name")


def issue_list(f: Filter, search: str | None = None, engine: Engine | None = None) -> pd.DataFrame:
    """Drill-down: every issue reported before the period end and not closed before it starts, newest first.

    search: a substring of the title (parameterised LIKE, % and _ taken literally). status at the period end:
    'closed' (closed in the period), 'overdue' (open past due_date), 'open'. Personal data masked: household head
    and owner names. Columns: issue_id, title, village, service_point, grid, service_line, source, head_name,
    owner_name, reported_at, filed_at, due_date, closed_at, status, escalation_level, target_department,
    reopen_count.
    """
    rules = _Rules(f.period)
    status = case((Issue.closed_at < rules.end, "closed"), (rules.overdue_at_end, "overdue"), else_="open")
    query = (
        select(
            *_issue_and_place(),
            Issue.source,
            Household.head_name,
            Issue.owner_name,
            Issue.reported_at,
            Issue.filed_at,
            Issue.due_date,
            Issue.closed_at,
            status.label("status"),
            Issue.escalation_level,
            Issue.target_department,
            Issue.reopen_count,
        )
        .select_from(PLACE_CHAIN.outerjoin(Household, Household.id == Issue.household_id))
        .where(
            Issue.grid_id.in_(grid_ids(f)),
            Issue.reported_at < rules.end,
            or_(Issue.closed_at.is_(None), Issue.closed_at >= rules.start),
        )
        .order_by(Issue.reported_at.desc(), Issue.id.desc())
    )
    if search:
        query = query.where(Issue.title.contains(search, autoescape=True))
    df = _typed(read_frame(query, engine), ["issue_id", "escalation_level", "reopen_count"])
    return mask_columns(df, head_name="name", owner_name="name")
