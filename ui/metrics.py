"""Each figure of the issue loop and its callbacks defined once: its label and rule in both languages and which
way is better.

Like a dbt MetricFlow metric: a count or an average has its own rule; a rate (ratio metric) is its numerator over
its denominator as data_access.loop.RATES and data_access.issues.CALLBACK_RATES declare them for the SQL, and its
rule is that formula (with a note where needed) followed by the rules of both parts. Rules hold {period}; pages,
the map's measures, exports and the brief take labels and rules from here.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from data_access import issues, loop
from ui.i18n import Lang
from ui.numbers import fixed, percent, share

RATES = {**loop.RATES, **issues.CALLBACK_RATES}  # rate → numerator, denominator

Better = Literal["higher", "lower"] | None


@dataclass(frozen=True)
class Metric:
    label: tuple[str, str]
    rule: tuple[str, str] = ("", "")  # a rate's rule is made from its parts'; this is a note after its formula
    better: Better = None


DUE_RULE = (
    "期初尚未结案（或本期立案、本期返工）的问题中，当时有效的办理期限在期末前已到或已在本期结案的件数；"
    "上期立案、本期到期的也计入，所以可能多于立案数。本期未结束时按当前计，期限未到的不计。",
    "Issues not closed at the period's start (or filed or reopened in it) whose due date in force is before the "
    "period's end, or that were closed in it; issues filed earlier and falling due count too, so it may exceed "
    "filed. While the period runs, as of now, and issues not yet due are left out.",
)
METRICS = {
    "reported": Metric(("受理数", "Reported"), (
        "{period}上报受理的民情件数，按上报时间计，含尚未立案的。",
        "Entries reported (received) in {period}, by reporting time, filed or not.")),
    "filed": Metric(("立案数", "Filed"), (
        "{period}立案（列入问题清单）的件数，按立案时间计。",
        "Issues put on the problem list (filed) in {period}, by filing time.")),
    "dispatched": Metric(("派遣数", "Dispatched"), (
        "{period}派遣给承办人的件数，按派遣时间计。",
        "Issues dispatched to whoever handles them in {period}, by dispatch time.")),
    "due": Metric(("应结案数", "Due"), DUE_RULE),
    "closed": Metric(("结案数", "Closed"), better="higher", rule=(
        "{period}结案的件数，按结案时间计，不论何时立案；同一问题本期内结案两次（返工后重新结案）只计一次，"
        "按本期最后一次结案计；以后再返工也不改变本期的数。",
        "Issues closed in {period}, by closing time, whenever filed; an issue closed twice in the period (closed "
        "again after rework) counts once, at its last closing in it; a later reopening does not change it.")),
    "closed_on_time": Metric(("按期结案数", "Closed on time"), (
        "计入结案数的结案中，结案日不晚于当时有效的办理期限（延期后按新期限）的件数；期限当天结案算按期。",
        "Of the closings counted, those on or before the due date in force at that moment (after an extension, "
        "the new one); closing on the due date itself is on time.")),
    "reopened": Metric(("返工数", "Reworked"), (
        "{period}内结案后被退回重办的次数，按退回时间计。",
        "Closed issues sent back to be done again in {period}, by the moment they were reopened.")),
    "extended": Metric(("延期数", "Extended"), (
        "{period}内办理期限被延后的次数，按延期时间计。",
        "Due dates moved later in {period}, by the moment they were moved.")),
    "overdue_open": Metric(("超期未结", "Overdue, open"), (
        "{period}末（本期未结束时为当前）仍未结案且已过当时有效期限的件数；期限当天不算超期；"
        "返工后尚未重新结案的算未结。",
        "Issues open at the end of {period} (now, while it runs) and past the due date in force; the due date "
        "itself is not overdue; an issue reopened and not yet closed again is open."), "lower"),
    "open_at_end": Metric(("未结问题", "Open issues"), (
        "{period}末（本期未结束时为当前）已立案、尚未结案的问题数；返工后尚未重新结案的算未结。",
        "Issues filed and not closed at the end of {period} (now, while it runs); an issue reopened and not yet "
        "closed again is open."), "lower"),
    "filing_rate": Metric(("立案率", "Filing rate"), better="higher", rule=(
        "两数各按{period}内的时间计：上期受理、本期才立案的也计入立案数，所以可超过 100 %。",
        "Both are counted by their own moment in {period}: entries reported earlier and filed in it count as "
        "filed, so it can exceed 100 % when many came in just before the period began.")),
    "dispatch_rate": Metric(("派遣率", "Dispatch rate"), better="higher"),
    "closure_rate": Metric(("结案率", "Closure rate"), better="higher"),
    "on_time_rate": Metric(("按期结案率", "On-time rate"), better="higher"),
    "rework_rate": Metric(("返工率", "Rework rate"), better="lower"),
    "extension_rate": Metric(("延期率", "Extension rate"), better="lower"),
    "callbacks": Metric(("回访数", "Callbacks"), (
        "{period}对已立案问题的电话回访次数；未立案的民情不计，尚未回访的问题不在其中。",
        "Phone callbacks in {period} on filed issues; entries never filed do not count, issues not yet called back "
        "are not in it.")),
    "satisfied": Metric(("满意数", "Satisfied"), (
        "{period}对已立案问题的电话回访中群众评价“满意”的次数。",
        "Callbacks in {period} on filed issues in which the resident said satisfied.")),
    "satisfaction_rate": Metric(("满意率", "Satisfaction rate"), better="higher"),
    "evaluation_index": Metric(("群众评价指数", "Evaluation index"), (
        "{period}对已立案问题的电话回访中效果、时长、态度三项 1–5 分的平均分 ÷ 5 × 100（全为 5 分得 100）。",
        "The mean of the effect, duration and attitude scores (1–5) of the callbacks in {period} on filed issues, "
        "÷ 5 × 100 (all 5s give 100)."), "higher"),
    "avg_days_to_close": Metric(("平均办结天数", "Avg. days to close"), (
        "{period}计入结案数的结案，从立案日到结案日的平均日历天数。",
        "Mean calendar days from filing to the closing counted in {period}."), "lower"),
    "avg_days_to_dispatch": Metric(("平均派遣天数", "Avg. days to dispatch"), (
        "{period}派遣的问题从立案到派遣的平均时长，以天计（含小数，6 小时为 0.25 天）。",
        "Mean time from filing to dispatch of the issues dispatched in {period}, in days (6 hours = 0.25)."),
        "lower"),
}

STANDARD = ["reported", "filed", "filing_rate", "dispatched", "dispatch_rate", "avg_days_to_dispatch", "closed",
            "closure_rate", "on_time_rate", "rework_rate", "extension_rate", "overdue_open", "avg_days_to_close",
            "satisfaction_rate"]  # a period's standard indicators, in the order a report lists them (the brief)


def label(key: str, lang: Lang) -> str:
    return METRICS[key].label[lang == "en"]


def rule(key: str, lang: Lang, period: str) -> str:
    """The figure's rule for `period`; a rate's is its formula and then its numerator's and denominator's rules."""
    if key not in RATES:
        return METRICS[key].rule[lang == "en"].format(period=period)
    numerator, denominator = RATES[key]
    formula = f"{label(key, lang)} = {label(numerator, lang)} ÷ {label(denominator, lang)}"
    note = METRICS[key].rule[lang == "en"].format(period=period)
    colon = "：" if lang == "zh" else ": "
    parts = (f"{label(part, lang)}{colon}{rule(part, lang, period)}" for part in (numerator, denominator))
    if lang == "zh":
        return "".join([f"{formula}（{period}）。{note}", *parts])
    return " ".join([f"{formula} ({period}).", *([note] if note else []), *parts])


def shown(key: str, figures: Mapping[str, Any]) -> tuple[str, str]:
    """The figure as a card or the brief shows it, and the count behind it: a rate "51.5 %" with "53 / 103", a
    count "87", an average "9.2" (rounded by ui.numbers)."""
    if key in RATES:
        numerator, denominator = (int(figures[part]) for part in RATES[key])
        return percent(share(numerator, denominator)), f"{numerator:,} / {denominator:,}"
    if key in loop.AVERAGES:
        return fixed(figures[key], 1), ""
    return f"{int(figures[key]):,}", ""


def help_text(key: str, lang: Lang, period: str, *notes: str) -> str:
    """The figure's rule followed by a page's notes on how it shows it (what its change is against, …)."""
    return (" " if lang == "en" else "").join([rule(key, lang, period), *notes])


def delta_colour(key: str) -> Literal["normal", "inverse", "off"]:
    """How a change is coloured: green up where higher is better, green down where lower is, grey otherwise."""
    return {"higher": "normal", "lower": "inverse", None: "off"}[METRICS[key].better]
