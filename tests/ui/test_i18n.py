"""Every UI string exists in Chinese and English, and every key the code asks for exists; a column of codes is
named once per distinct code."""
import ast
import string
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine

from data_access.filters import Filter, Period
from data_access.organisation import headline_counts
from schema.migrate import upgrade
from ui.i18n import T, each, period_name
from ui.selection import PERIOD_FORMATS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")])


def string_tables(path: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """The `NAME = Strings({...})` tables of a module, by name."""
    tables = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) == "Strings"):
            tables[node.targets[0].id] = ast.literal_eval(node.value.args[0])
    return tables


def literal_keys(path: Path, name: str) -> set[str]:
    """The keys a module asks a table for in plain calls: NAME("key", ...)."""
    return {
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name
        and node.args and isinstance(node.args[0], ast.Constant)
    }


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


TABLES = {f"{path.relative_to(ROOT)}:{name}": (path, name, table)
          for path in SOURCES for name, table in string_tables(path).items()}


def test_the_shell_and_home_page_have_tables() -> None:
    assert {"ui/i18n.py:T", "pages/home.py:S"} <= set(TABLES)


@pytest.mark.parametrize("where", sorted(TABLES))
def test_every_key_has_chinese_and_english_with_the_same_placeholders(where: str) -> None:
    _, _, table = TABLES[where]
    for key, texts in table.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        zh, en = texts
        assert zh.strip() and en.strip(), key
        assert placeholders(zh) == placeholders(en), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{key}: the Chinese text has no Chinese"


@pytest.mark.parametrize("where", sorted(TABLES))
def test_every_key_asked_for_exists(where: str) -> None:
    path, name, table = TABLES[where]
    users = SOURCES if name == "T" else [path]
    asked = set().union(*(literal_keys(user, name) for user in users))
    assert asked and asked <= set(table), asked - set(table)


def test_dynamic_keys_exist() -> None:
    engine = create_engine("sqlite://")
    upgrade(engine)
    counted = headline_counts(Filter(Period("month", date(2026, 11, 1))), engine).columns
    assert {f"count.{column}" for column in counted} <= set(T.table)
    params = {"lang", "village", "service_point", "grid", "period"}  # every Notice.param parse_params can give
    assert {f"notice.{p}" for p in params} | {f"period.{kind}" for kind in PERIOD_FORMATS} <= set(T.table)


def test_period_names() -> None:
    november, q4 = Period("month", date(2026, 11, 1)), Period("quarter", date(2026, 10, 1))
    assert (period_name(november, "zh"), period_name(november, "en")) == ("2026年11月", "Nov 2026")
    assert (period_name(q4, "zh"), period_name(q4, "en")) == ("2026年第4季度", "2026 Q4")


def test_each_value_is_worked_out_once_per_distinct_value() -> None:
    asked = []

    def text(code: str) -> str:
        asked.append(code)
        return {"open": "在办", "closed": "已结案"}[code]

    shown = each(pd.Series(["open", "closed", "open", "open"], index=[3, 1, 4, 1]), text)
    assert shown.tolist() == ["在办", "已结案", "在办", "在办"] and shown.index.tolist() == [3, 1, 4, 1]
    assert sorted(asked) == ["closed", "open"]
