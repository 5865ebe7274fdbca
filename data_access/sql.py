"""Portable SQL building blocks that each dialect spells differently."""
from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


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
