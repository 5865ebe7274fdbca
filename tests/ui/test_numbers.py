"""The one rounding rule: half away from zero on the decimal a number is written as, never binary float ties."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from ui.numbers import fixed, percent, round_half_up, rounded, short_number


@pytest.mark.parametrize(("value", "places", "expected"), [
    (12.1 / 4, 2, "3.03"),  # 3.025 in binary is 3.02499…: f"{:.2f}" and round() give 3.02
    (2.675, 2, "2.68"),
    (-1.005, 2, "-1.01"),  # away from zero, also below it
    (0.125, 2, "0.13"),  # not to the even neighbour
    (2.5, 0, "3"),
    (-0.04, 1, "0.0"),  # no "-0.0"
    (np.float64(1.005), 2, "1.01"),
    (np.int64(7), 1, "7.0"),
    (Decimal("0.045"), 2, "0.05"),
])
def test_round_half_up(value: float, places: int, expected: str) -> None:
    assert round_half_up(value, places) == Decimal(expected)
    assert str(round_half_up(value, places)) == expected


def test_fixed_groups_thousands_and_marks_missing() -> None:
    assert fixed(1234.565, 2) == "1,234.57"
    assert fixed(12.1 / 4, 2) == "3.03"
    assert fixed(float("nan"), 1) == fixed(None, 1) == fixed(pd.NA, 1) == "—"


def test_short_number_drops_trailing_zeros() -> None:
    assert [short_number(v) for v in (8.5, 2.0, 1234.567, 1000.0, 0.125)] == ["8.5", "2", "1,234.57", "1,000", "0.13"]


def test_percent_rounds_the_percentage() -> None:
    assert percent(0.9372) == "93.7 %"
    assert percent(49 / 400) == "12.3 %"  # 12.25 %: f"{0.1225:.1%}" reads binary 0.12249999… and gives 12.2%
    assert percent(1.0) == "100.0 %"
    assert percent(float("nan")) == "—"


def test_rounded_keeps_a_sortable_float_column() -> None:
    column = rounded(pd.Series([3.025, 2.675, None, -1.005]), 2)
    assert str(column.dtype) == "float64"
    assert column.tolist()[:2] == [3.03, 2.68] and pd.isna(column[2]) and column[3] == -1.01


def test_rounded_scales_in_decimal() -> None:
    # 0.0045 × 100 in binary is 0.44999999999999996
    assert rounded(pd.Series([0.0045, 0.1225, 0.5]), 1, scale=100).tolist() == [0.5, 12.3, 50.0]
