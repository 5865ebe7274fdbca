"""What people type into a ledger cell, read as a value: dates in every common spelling and Excel serials,
full-width digits, 是/否, stray spaces. Each reader raises Invalid with a message key of ingest.messages."""
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
CLOCK = re.compile(r"(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?")
TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗"}
PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


class Invalid(ValueError):
    """A cell that cannot be read: `key` names the message, `values` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def text(value: object) -> str | None:
    """The cell as text to read a value from: NFKC (full-width digits and letters become ASCII), spaces trimmed;
    None when empty."""
    cleaned = plain(value)
    return unicodedata.normalize("NFKC", cleaned).strip() or None if cleaned else None


def plain(value: object) -> str | None:
    """A text cell as typed, spaces trimmed (full-width punctuation kept); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    cleaned = str(value).strip()
    return cleaned or None


def number(value: object) -> Decimal:
    if isinstance(value, bool):
        raise Invalid("number")
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    cleaned = (text(value) or "").replace(",", "")
    try:
        result = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid("number") from None
    if not result.is_finite():
        raise Invalid("number")
    return result


def integer(value: object) -> int:
    result = number(value)
    if result != result.to_integral_value():
        raise Invalid("integer")
    return int(result)


def serial(value: float) -> datetime:
    """An Excel serial day number (the 1900 system) as a moment."""
    if not 1 <= value < 2958466:  # 1900-01-01 … 9999-12-31
        raise Invalid("date")
    return EXCEL_EPOCH + timedelta(days=value)


def moment(value: object) -> datetime:
    """A date with an optional time of day: 2024-3-5, 2024/03/05 08:30, 2024年3月5日, 20240305, a serial."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 19000101 <= value <= 99991231 and float(value).is_integer():
            return moment(str(int(value)))
        return serial(float(value))
    cleaned = text(value) or ""
    if re.fullmatch(r"\d+(\.\d+)?", cleaned) and not COMPACT.fullmatch(cleaned):
        return serial(float(cleaned))
    found = DATE.match(cleaned) or COMPACT.match(cleaned)
    if not found:
        raise Invalid("date")
    rest = cleaned[found.end():].strip().removeprefix("T").strip()
    clock = CLOCK.fullmatch(rest) if rest else None
    if rest and not clock:
        raise Invalid("date")
    hour, minute, second = (int(part or 0) for part in clock.groups()) if clock else (0, 0, 0)
    try:
        return datetime(*(int(part) for part in found.groups()), hour, minute, second)
    except ValueError:
        raise Invalid("date") from None


def day(value: object) -> date:
    return moment(value).date()


def month(value: object) -> date:
    """A month as its first day: 2024-03, 2024年3月, or any date in it."""
    cleaned = text(value) if isinstance(value, str) else None
    if cleaned and (found := MONTH.fullmatch(cleaned)):
        year, number_ = (int(part) for part in found.groups())
        if not 1 <= number_ <= 12:
            raise Invalid("month")
        return date(year, number_, 1)
    try:
        return day(value).replace(day=1)
    except Invalid:
        raise Invalid("month") from None


def yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    cleaned = (text(value) or "").lower()
    if cleaned in TRUE:
        return True
    if cleaned in FALSE:
        return False
    raise Invalid("yes_no")


def phone(value: object) -> str:
    """A mainland mobile (11 digits from 13…19) or a landline with its area code; spaces and dashes allowed."""
    cleaned = re.sub(r"[\s]", "", text(value) or "")
    if cleaned.startswith("+86"):
        cleaned = cleaned[3:]
    if not PHONE.fullmatch(cleaned):
        raise Invalid("phone")
    return cleaned


def id_number(value: object) -> str:
    """An 18-character resident ID number whose last character is its ISO 7064 MOD 11-2 check digit."""
    cleaned = (text(value) or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", cleaned):
        raise Invalid("id_format")
    if ID_CHECK[sum(int(d) * w for d, w in zip(cleaned, ID_WEIGHTS)) % 11] != cleaned[-1]:
        raise Invalid("id_check")
    return cleaned
