"""DOMAIN.md's published city report rebuilt as a case history: the loop figures give its counts, and its printed
rates to two decimals, by the rate definitions the app uses (data_access.loop.RATES)."""
from datetime import date, datetime, timedelta
import pytest
from sqlalchemy import Connection, Date, DateTime, Engine, insert, literal, select

from data_access import issues
from data_access.filters import Filter, Period
from data_access.loop import loop_figures
from schema import Grid, Issue, IssueEvent, ServicePoint, Township, Village
from tests.rows import PLACE, grid_row, insert_rows, service_point_row

JUNE = Period("month", date(2024, 6, 1))
REPORT = {"reported": 51_571, "filed": 51_229, "dispatched": 49_151, "due": 52_434, "closed": 43_523,
          "closed_on_time": 40_394, "reopened": 276, "extended": 104}
PRINTED = {"filing_rate": "99.34", "dispatch_rate": "95.94", "closure_rate": "83.01", "on_time_rate": "77.04",
           "rework_rate": "0.53", "extension_rate": "0.20"}
CARRIED_OVER = REPORT["due"] - REPORT["filed"]  # filed in May, due in May, still open on June 1


def june(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 6, day, hour)


def issue_rows() -> list[dict]:
    """Entries 1–342 reported on June 3 and never filed; the CARRIED_OVER next ones filed on May 20; then the
    report's 立案 filed on June 2."""
    total = REPORT["reported"] + CARRIED_OVER
    return [{"id": i, "grid_id": 1, "service_line": "livelihood", "source": "visit", "title": f"问题{i}",
             "reported_at": june(3) if i <= 342 else datetime(2024, 5, 20, 9) if i <= 342 + CARRIED_OVER
             else june(2, 9), "escalation_level": 0, "reopen_count": 0} for i in range(1, total + 1)]


def events(conn: Connection) -> None:
    """The events, written for ranges of issue ids: of those filed on June 2 (due June 20) the first are
    dispatched, the first are closed — on time on June 15 (the first 276 after a closing on June 10 and a
    reopening on June 12) or late on June 25 — and 104 of those left open have their due date moved to June 28."""
    first = 342 + CARRIED_OVER + 1  # the first issue filed in June

    def write(kind: str, moment: datetime, ids: range, due: date | None = None) -> None:
        columns = [Issue.id, literal(kind), literal(moment, DateTime), literal(due, Date)]
        rows = select(*columns).where(Issue.id >= ids.start, Issue.id < ids.stop)
        conn.execute(insert(IssueEvent).from_select(["issue_id", "kind", "at", "due_date"], rows))

    june_ids = range(first, first + REPORT["filed"])
    write("reported", june(3), range(1, 343))
    write("reported", datetime(2024, 5, 20, 9), range(343, first))
    write("filed", datetime(2024, 5, 20, 10), range(343, first), date(2024, 5, 31))
    write("reported", june(2, 9), june_ids)
    write("filed", june(2), june_ids, date(2024, 6, 20))
    write("dispatched", june(2, 14), june_ids[:REPORT["dispatched"]])
    write("closed", june(10), june_ids[:REPORT["reopened"]])
    write("reopened", june(12), june_ids[:REPORT["reopened"]])
    write("closed", june(15), june_ids[:REPORT["closed_on_time"]])
    write("closed", june(25), june_ids[REPORT["closed_on_time"]:REPORT["closed"]])
    write("extended", june(18), june_ids[REPORT["closed"]:REPORT["closed"] + REPORT["extended"]], date(2024, 6, 28))


@pytest.fixture(scope="module")
def report_month(engine: Engine) -> Engine:
    insert_rows(engine, [
        (Township, [{"id": 1, "name": "报表市", "centre_name": "城市运行管理中心", **PLACE}]),
        (Village, [{"id": 1, "township_id": 1, "name": "一区", "station_name": "一区工作站", **PLACE}]),
        (ServicePoint, [service_point_row(1, 1)]),
        (Grid, [grid_row(1, 1)]),
        (Issue, issue_rows()),
    ])
    with engine.begin() as conn:
        events(conn)
    return engine


def test_the_published_report_counts_and_printed_rates(report_month: Engine, monkeypatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2024, 7, 15))
    june_figures = loop_figures(Filter(JUNE), report_month).iloc[0]
    assert june_figures[list(REPORT)].to_dict() == REPORT
    assert {rate: f"{june_figures[rate] * 100:.2f}" for rate in PRINTED} == PRINTED
