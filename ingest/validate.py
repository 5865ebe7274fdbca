"""Reading each row of a ledger with pydantic: one model per ledger, whose fields read the cells (types, required,
allowed values, ranges, lengths, phone and ID-number formats); errors name the column and the message key."""
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model
from pydantic_core import PydanticCustomError

from ingest import values
from ingest.ledgers import Column, Ledger
from ingest.messages import MESSAGES

MODELS: dict[str, type[BaseModel]] = {}
SHOWN = 60  # characters of a bad value quoted in a message
TYPES: dict[str, type] = {"text": str, "int": int, "decimal": Decimal, "float": float, "date": date,
                          "datetime": datetime, "month": date, "bool": bool, "choice": object, "phone": str,
                          "id_number": str}
PARSERS: dict[str, Callable[[object], object]] = {
    "text": values.plain, "int": values.integer, "decimal": values.number, "float": lambda v: float(values.number(v)),
    "date": values.day, "datetime": values.moment, "month": values.month, "bool": values.yes_no,
    "phone": values.phone, "id_number": values.id_number,
}


def shown(value: object) -> str:
    return str(value)[:SHOWN]


def fail(key: str, **context: object) -> PydanticCustomError:
    return PydanticCustomError(key, key, context)


def choose(column: Column, value: object) -> object:
    """An allowed label (or the stored value itself, as the export of another system may give it)."""
    typed = values.plain(value)
    assert column.choices is not None
    if typed in column.choices:
        return column.choices[typed]
    for stored in column.choices.values():
        if typed == str(stored):
            return stored
    raise fail("choice", value=shown(value), allowed="、".join(column.choices))


def reader(column: Column) -> Callable[[object], object]:
    """The cell reader of one column, raising PydanticCustomError with a message key of ingest.messages."""

    def read(value: object) -> object:
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if column.required:
                raise fail("required")
            return None
        if isinstance(value, str) and value.lstrip().startswith("="):
            raise fail("formula", value=shown(value))
        if column.kind == "choice":
            return choose(column, value)
        try:
            parsed = PARSERS[column.kind](value)
        except values.Invalid as exc:
            raise fail(exc.key, value=shown(value), **exc.values) from None
        if parsed is None and column.required:
            raise fail("required")
        if column.length is not None and isinstance(parsed, str) and len(parsed) > column.length:
            raise fail("too_long", length=column.length)
        low = column.low if column.low is not None else -float("inf")
        high = column.high if column.high is not None else float("inf")
        if isinstance(parsed, (int, Decimal)) and not isinstance(parsed, bool) and not low <= parsed <= high:
            raise fail("range", low=column.low, high=column.high, value=parsed)
        return parsed

    return read


def model(ledger: Ledger) -> type[BaseModel]:
    """The pydantic model of a row of the ledger: field c0, c1, … per column (made once per ledger)."""
    if ledger.sheet in MODELS:
        return MODELS[ledger.sheet]
    fields: dict[str, Any] = {
        f"c{index}": (Annotated[TYPES[column.kind] | None, BeforeValidator(reader(column))], None)
        for index, column in enumerate(ledger.columns)
    }
    MODELS[ledger.sheet] = create_model(f"Row_{ledger.table.name}", __config__=ConfigDict(arbitrary_types_allowed=True),
                                        **fields)
    return MODELS[ledger.sheet]


def validate(ledger: Ledger, cells: dict[str, object]) -> tuple[dict[str, object], list[tuple[str, str, dict]]]:
    """The row's values by header, and its errors as (header, message key, values)."""
    row_model = model(ledger)
    raw = {f"c{index}": cells.get(column.header) for index, column in enumerate(ledger.columns)}
    try:
        parsed = row_model.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            header = ledger.columns[int(str(item["loc"][0])[1:])].header
            key = item["type"] if item["type"] in MESSAGES else "number"
            context = dict(item.get("ctx") or {})
            context.setdefault("value", shown(raw[item["loc"][0]]))
            problems.append((header, key, context))
        return {}, problems
    return {column.header: getattr(parsed, f"c{index}") for index, column in enumerate(ledger.columns)}, []
