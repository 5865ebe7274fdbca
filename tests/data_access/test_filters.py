from datetime import date

from data_access.filters import Period, add_months


def test_add_months_crosses_years() -> None:
    assert add_months(date(2026, 11, 20), 2) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)


def test_periods_contain_the_day_and_step_back() -> None:
    month = Period.containing("month", date(2026, 11, 20))
    assert (month.start, month.end, month.label) == (date(2026, 11, 1), date(2026, 12, 1), "2026-11")
    quarter = Period.containing("quarter", date(2026, 11, 20))
    assert (quarter.start, quarter.end, quarter.label) == (date(2026, 10, 1), date(2027, 1, 1), "2026Q4")
    assert quarter.previous() == Period("quarter", date(2026, 7, 1))
    year = Period.containing("year", date(2026, 3, 5))
    assert (year.start, year.end, year.previous().label) == (date(2026, 1, 1), date(2027, 1, 1), "2025")
