"""What the import says, in Chinese and English: key → (zh, en), with {placeholders}."""
from typing import Literal

Lang = Literal["zh", "en"]

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("必填项为空", "required but empty"),
    "number": ("应为数字，实为“{value}”", "should be a number, not “{value}”"),
    "integer": ("应为整数，实为“{value}”", "should be a whole number, not “{value}”"),
    "range": ("应在 {low} 至 {high} 之间，实为 {value}", "should be between {low} and {high}, not {value}"),
    "date": ("无法识别的日期“{value}”（可写 2024-3-5、2024/03/05、2024年3月5日 或 20240305）",
             "unknown date “{value}” (write 2024-3-5, 2024/03/05, 2024年3月5日 or 20240305)"),
    "month": ("无法识别的月份“{value}”（可写 2024-03 或 2024年3月）", "unknown month “{value}” (write 2024-03)"),
    "yes_no": ("应填“是”或“否”，实为“{value}”", "should be 是 (yes) or 否 (no), not “{value}”"),
    "choice": ("“{value}”不在可选值中（{allowed}）", "“{value}” is not one of the allowed values ({allowed})"),
    "too_long": ("超过 {length} 个字", "longer than {length} characters"),
    "phone": ("电话号码格式有误：“{value}”", "malformed phone number “{value}”"),
    "id_format": ("身份证号应为 18 位（末位可为 X）：“{value}”", "the ID number should have 18 characters: “{value}”"),
    "id_check": ("身份证号校验位不符：“{value}”", "the ID number's check digit is wrong: “{value}”"),
    "formula": ("单元格是公式“{value}”，请改为数值或文字", "the cell is a formula “{value}”: enter its value instead"),
    "unknown_ref": ("找不到{target}“{value}”（既不在数据库中，也不在本次导入中）",
                    "no {target_en} “{value}” in the database or in this import"),
    "partial_ref": ("{target}需同时填写：{headers}", "{target_en} needs all of: {headers}"),
    "duplicate": ("与第 {first} 行重复（{same}）", "duplicates row {first} ({same})"),
    "order": ("“{later}”早于“{earlier}”", "“{later}” is before “{earlier}”"),
    "leave_reason": ("填写了离开原因但没有离开日期", "a reason for leaving without the date of leaving"),
    "callback_open": ("该问题尚未结案，不能回访", "the issue has not been closed: no callback yet"),
    "callback_early": ("回访日期早于结案日期 {closed}", "the callback is before the closing on {closed}"),
    "other_village": ("住户“{value}”不在行政村“{village}”", "the household “{value}” is not in the village “{village}”"),
    "missing_column": ("缺少必填列", "required column missing"),
    "database": ("数据库拒绝写入：{value}", "the database refused the row: {value}"),
    "empty_file": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "unreadable": ("无法读取文件：不是有效的 xlsx、xls 或 CSV（可能已损坏或不完整）",
                   "the file cannot be read: not a valid xlsx, xls or CSV (damaged or incomplete?)"),
    "unknown_sheet": ("无法识别的表：表名和表头都不对应任何台账模板", "unknown sheet: neither its name nor its headers match a "
                      "ledger template"),
    "no_rows": ("文件中没有可导入的数据行", "the file holds no data rows"),
}


def message(key: str, lang: Lang, **values: object) -> str:
    zh, en = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)
