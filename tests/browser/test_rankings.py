"""积分排名 in chromium on the demo data: the cards and the exported rankings are what the queries return."""
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from data_access.points import points_totals
from data_access.rankings import award_candidates, ranking
from tests.browser.actions import metric
from tests.browser.conftest import Watched
from ui.numbers import fixed, percent

NOVEMBER = Filter(Period("month", date(2026, 11, 1)))
Q4_VILLAGE_1 = Filter(Period("quarter", date(2026, 10, 1)), village_id=1)


def exported(app: Watched, nth: int = 0) -> tuple[str, pd.DataFrame]:
    """The file name and rows of the nth table's CSV export."""
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").nth(nth).click()
    rows = pd.read_csv(download.value.path(), encoding="utf-8-sig", dtype={"名次": "Int64", "升降": str})
    return download.value.suggested_filename, rows


def expected_movement(frame: pd.DataFrame) -> list[str]:
    """▲ n / ▼ n / ＝ / 新, empty (missing in the CSV) for the unranked."""
    labels = []
    for rank, move, new in zip(frame["rank"], frame["movement"], frame["is_new"]):
        if pd.isna(rank):
            labels.append(None)
        else:
            labels.append("新" if new else "＝" if move == 0 else f"▲ {move}" if move > 0 else f"▼ {-move}")
    return labels


def assert_same_ranking(rows: pd.DataFrame, frame: pd.DataFrame) -> None:
    assert rows["名称"].tolist() == frame["unit"].tolist()
    assert rows["名次"].tolist() == frame["rank"].tolist()
    assert rows["积分"].tolist() == frame["points"].tolist()
    assert [None if pd.isna(label) else label for label in rows["升降"]] == expected_movement(frame)


def choose_level(app: Watched, name: str) -> None:
    app.page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text(name, exact=True).click()
    app.settle()


def test_members_and_party_groups_of_the_township(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/rankings")
    totals = points_totals(NOVEMBER, demo_database).iloc[0]
    expect(metric(app, "本期认定积分")).to_have_text(f"{totals['points']:,.1f}")
    expect(metric(app, "参评党员")).to_have_text(percent(totals["members_with_points"] / totals["members"]))

    name, rows = exported(app)
    assert name == "积分排名_党员_全部_2026-11.csv"
    members = ranking(NOVEMBER, "member", demo_database)
    assert_same_ranking(rows, members)
    assert members["rank"].duplicated().any()  # the demo month has ties: they share a rank

    choose_level(app, "片区党小组")
    name, rows = exported(app)
    assert name == "积分排名_片区党小组_全部_2026-11.csv"
    groups = ranking(NOVEMBER, "service_point", demo_database)
    assert len(rows) == 34
    assert_same_ranking(rows, groups)
    assert rows["人均积分"].tolist() == groups["per_member"].tolist()
    expect(app.page.get_by_text("排名规则")).to_be_visible()


def test_rankings_of_one_village_in_one_quarter(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/rankings?period=2026Q4&village=1")
    village = ranking(Q4_VILLAGE_1, "village", demo_database).iloc[0]
    expect(metric(app, f"{village['unit']}排名")).to_have_text(f"{village['rank']} / 6")
    name, rows = exported(app)
    assert name == f"积分排名_党员_{village['unit']}_2026Q4.csv"
    members = ranking(Q4_VILLAGE_1, "member", demo_database)
    assert set(rows["行政村"]) == {village["unit"]}
    assert_same_ranking(rows, members)  # the village's members with their ranks in the township
    assert members["ranked_units"].iloc[0] > len(members)


def test_the_year_view_lists_the_award_candidates(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/rankings?period=2025")
    choose_level(app, "行政村")
    expect(app.page.get_by_role("heading", name="年度一表彰候选（2025年）")).to_be_visible()
    name, rows = exported(app, 1)
    assert name == "年度表彰候选_行政村_全部_2025.csv"
    candidates = award_candidates(Filter(Period("year", date(2025, 1, 1))), "village", demo_database)
    assert rows["名称"].tolist() == candidates["unit"].tolist() and len(rows) >= 1
    assert rows["人均积分"].tolist() == candidates["per_member"].tolist()


def test_the_per_member_card_and_the_table_round_alike(app_url: str, demo_database: Engine, app: Watched) -> None:
    # 下岗片区 in November: 43.5 points ÷ 12 members = 3.625, a tie that binary rounding (f"{:.2f}") makes 3.62
    app.goto(f"{app_url}/rankings?service_point=21")
    group = ranking(Filter(NOVEMBER.period, service_point_id=21), "service_point", demo_database).iloc[0]
    assert Decimal(str(group["points"])) / group["members"] == Decimal("3.625")
    expect(metric(app, "人均积分")).to_have_text("3.63")
    choose_level(app, "片区党小组")
    _, rows = exported(app)
    assert rows.loc[rows["名称"] == group["unit"], "人均积分"].map(lambda value: fixed(value, 2)).tolist() == ["3.63"]


def test_the_rank_is_a_number_and_empty_when_unranked(app_url: str, app_log: Path, demo_database: Engine,
                                                      app: Watched) -> None:
    logged = len(app_log.read_text())
    app.goto(f"{app_url}/rankings")
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 Excel").first.click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    ranks = [row[header.index("名次")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    members = ranking(NOVEMBER, "member", demo_database)
    assert ranks == [None if pd.isna(rank) else rank for rank in members["rank"]]
    assert None in ranks and all(isinstance(rank, int) for rank in ranks if rank is not None)
    log = app_log.read_text()[logged:]  # st.dataframe turned the table into Arrow without a fallback
    assert "Traceback" not in log and "ArrowInvalid" not in log, log


def test_the_page_at_both_sizes(app_url: str, sized_app: Watched) -> None:
    sized_app.goto(f"{app_url}/rankings?period=2026Q4&village=1")
    expect(sized_app.page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
    sized_app.screenshot("village-quarter")
