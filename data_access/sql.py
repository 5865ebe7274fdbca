"""Portable SQL building blocks that each dialect spells differently."""
from datetime import date
from typing import Any

from sqlalchemy import Date, Float, Integer, Subquery, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data_access.filters import add_months


class month_start(FunctionElement):
    """The first day of the month of a DATE or DATETIME expression, as a DATE."""

    type = Date()
    inherit_cache = True
    name = "month_start"


@compiles(month_start)
def _month_start_default(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_start, "mysql")
@compiles(month_start, "mariadb")
def _month_start_mysql(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"CAST(DATE_FORMAT({compiler.process(element.clauses, **kw)}, '%%Y-%%m-01') AS DATE)"


class days_between(FunctionElement):
    """Whole calendar days from the date of the first DATE/DATETIME expression to the date of the second."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST({end} AS DATE) - CAST({start} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday(date({end})) - julianday(date({start})) AS INTEGER)"


@compiles(days_between, "mysql")
@compiles(days_between, "mariadb")
def _days_between_mysql(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"DATEDIFF({end}, {start})"


class days_elapsed(FunctionElement):
    """Days, with their fraction, from the first DATETIME expression to the second (6 hours → 0.25)."""

    type = Float()
    inherit_cache = True
    name = "days_elapsed"


@compiles(days_elapsed)
def _days_elapsed_default(element: days_elapsed, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_elapsed, "sqlite")
def _days_elapsed_sqlite(element: days_elapsed, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


@compiles(days_elapsed, "mysql")
@compiles(days_elapsed, "mariadb")
def _days_elapsed_mysql(element: days_elapsed, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(TIMESTAMPDIFF(SECOND, {start}, {end}) / 86400.0)"


def month_series(first: date, count: int, name: str = "month") -> Subquery:
    """A one-column table of `count` month starts from `first`'s month on, as DATE values on every dialect."""
    # month_start() around the literal: SQLite and MariaDB would hand a bare date parameter back as text
    months = [select(month_start(literal(add_months(first, i), Date)).label(name)) for i in range(count)]
    return union_all(*months).subquery() if count > 1 else months[0].subquery()
