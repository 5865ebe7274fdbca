"""One rounding rule for every decimal shown or exported: half away from zero, on the number as written.

A float is read as the shortest decimal that gives it back (3.025, not the binary 3.02499…), then rounded with
Decimal, so 12.1 ÷ 4 = 3.025 shows as 3.03 on a card, in a table and in an export alike.
"""
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real

import pandas as pd

MISSING = "—"


def as_decimal(value: Real | Decimal) -> Decimal:
    """The number as written: an integer exactly, a float by its shortest round-trip form (repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def round_half_up(value: Real | Decimal, places: int) -> Decimal:
    """Rounded to `places` decimals, a half away from zero: 3.025 → 3.03, -1.005 → -1.01; never -0."""
    rounded = as_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def difference(now: Real | Decimal, before: Real | Decimal, places: int, scale: int = 1) -> Decimal:
    """(now − before) × scale, worked out in Decimal and rounded by round_half_up: the change a card shows."""
    return round_half_up((as_decimal(now) - as_decimal(before)) * scale, places)


def fixed(value: Real | Decimal | None, places: int) -> str:
    """1234.5 at 2 → "1,234.50"; a missing value → "—"."""
    return MISSING if pd.isna(value) else f"{round_half_up(value, places):,.{places}f}"


def short_number(value: Real | Decimal | None, places: int = 2) -> str:
    """8.5 → "8.5", 2.0 → "2", 1234.567 → "1,234.57": at most `places` decimals, no trailing zeros."""
    text = fixed(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(share: Real | Decimal | None) -> str:
    """0.9372 → "93.7 %"; a missing share (no denominator) → "—"."""
    return MISSING if pd.isna(share) else f"{fixed(as_decimal(share) * 100, 1)} %"


def share(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator in Decimal, for percent() (911 / 972 rounds as the exact quotient does); None without
    a denominator."""
    return Decimal(int(numerator)) / int(denominator) if denominator else None


def rounded(values: pd.Series, places: int, scale: int = 1) -> pd.Series:
    """The column times `scale` (100 for a share as a percentage, in Decimal), rounded by round_half_up and still
    float64, so a table sorts it as numbers; missing stays missing."""
    def one(value: float) -> float:
        return value if pd.isna(value) else float(round_half_up(as_decimal(value) * scale, places))

    return values.astype("float64").map(one)
