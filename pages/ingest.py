"""导入台账: the township's Excel ledgers into the database — templates, upload, preview, a dry run with its
summary and rejected rows, the import itself with a progress bar, and the import log."""
import hashlib

import pandas as pd
import streamlit as st

from accounts.roles import Role
from data_access import imports
from data_access.db import get_engine
from ingest import load, rejects, template
from ingest.read import Sheet
from ui.export import EXCEL_TYPE
from ui.i18n import Strings, current_lang
from ui.signin import audit, current_account
from ui.text import plain

PREVIEW_ROWS = 5
S = Strings({
    "title": ("导入台账", "Import ledgers"),
    "intro": ("把乡镇的 Excel 台账导入驾驶舱：先下载模板填写（或用自己的台账，表头相同即可），再上传。"
              "系统先试导入并逐行检查；有任何一行不通过则一行都不写入，并给出错误行清单。同一文件重复导入不会重复写入。",
              "Bring the township's Excel ledgers into the cockpit: fill in the templates (or your own ledgers with "
              "the same headers) and upload them. Every row is checked in a dry run first; if any row fails, "
              "nothing is written and you get the rejected rows back. Importing the same file again adds nothing."),
    "templates": ("1. 下载模板", "1. Download the templates"),
    "templates.help": ("每个模板含表头、填写说明、下拉选项和一行示例（示例行不会导入）。",
                       "Each template has the headers, a notes row, drop-down lists and an example row (never "
                       "imported)."),
    "upload": ("2. 上传台账（xlsx、xls 或 csv，可多个）", "2. Upload ledgers (xlsx, xls or csv, several at once)"),
    "preview": ("预览", "Preview"),
    "preview.sheet": ("{file} · {sheet}：{rows} 行（表头在第 {header} 行）",
                      "{file} · {sheet}: {rows} rows (header on row {header})"),
    "checking": ("正在检查…", "Checking…"),
    "dry": ("3. 试导入结果（未写入）", "3. Dry run (nothing written)"),
    "col.file": ("文件", "File"), "col.sheet": ("表", "Sheet"), "col.added": ("新增", "Added"),
    "col.updated": ("更新", "Updated"), "col.unchanged": ("未变", "Unchanged"),
    "col.where": ("位置", "Where"), "col.row": ("行", "Row"), "col.column": ("列", "Column"),
    "col.reason": ("原因", "Reason"), "col.imported_at": ("导入时间", "Imported at"),
    "col.file_name": ("文件名", "File name"), "col.sha256": ("文件指纹 SHA-256", "SHA-256"), "col.user_name": ("导入人", "By"),
    "rejected": ("有 {n} 处错误，未写入任何数据。请按下表修改后重新上传。", "{n} problems: nothing was written. Fix them "
                 "as listed and upload again."),
    "rejected.download": ("下载错误行清单（Excel）", "Download the rejected rows (Excel)"),
    "passed": ("全部 {rows} 行通过检查：将新增 {added}、更新 {updated}、{unchanged} 行不变。",
               "All {rows} rows passed: {added} to add, {updated} to update, {unchanged} unchanged."),
    "events": ("问题状态变化将记为 {n} 条流转记录。", "Status changes will be recorded as {n} history events."),
    "import": ("4. 确认导入", "4. Import"),
    "importing": ("正在导入…", "Importing…"),
    "done": ("已导入：新增 {added}、更新 {updated}、未变 {unchanged}。各页面刷新后即显示新数据。",
             "Imported: {added} added, {updated} updated, {unchanged} unchanged. Every page shows the new data on "
             "its next run."),
    "failed": ("导入未完成，未写入任何数据：{n} 处错误（数据在检查后被他人改动？请重新上传）。",
               "The import did not complete and wrote nothing: {n} problems (did the data change since the check? "
               "Upload again)."),
    "log": ("导入记录", "Import log"),
    "log.empty": ("还没有导入记录。", "No imports yet."),
})


def files_key(files: list[tuple[str, bytes]]) -> str:
    return hashlib.sha256(b"".join(hashlib.sha256(name.encode() + data).digest() for name, data in files)).hexdigest()


def progress_bar(label: str) -> load.Progress:
    bar = st.progress(0.0, text=label)

    def show(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{label} {done:,} / {total:,}")

    return show


def counts_table(report: load.Report) -> pd.DataFrame:
    rows = [{S("col.file"): file, S("col.sheet"): sheet, S("col.added"): c.added, S("col.updated"): c.updated,
             S("col.unchanged"): c.unchanged} for (file, sheet), c in report.counts.items()]
    return pd.DataFrame(rows)


def rejection_table(report: load.Report) -> pd.DataFrame:
    lang = current_lang()
    return pd.DataFrame([{S("col.file"): r.file, S("col.sheet"): r.sheet, S("col.row"): r.row or None,
                          S("col.column"): r.column, S("col.reason"): r.reason(lang)} for r in report.rejections])


def preview(sheets: list[Sheet]) -> None:
    for sheet in sheets:
        with st.expander(S("preview.sheet", file=plain(sheet.file), sheet=plain(sheet.name), rows=len(sheet.rows),
                           header=sheet.header_row)):
            width = len(sheet.headers)
            rows = [[*cells[:width], *[None] * (width - len(cells))] for _, cells in sheet.rows[:PREVIEW_ROWS]]
            frame = pd.DataFrame(rows, columns=[f"{i + 1}. {h}" for i, h in enumerate(sheet.headers)])
            st.dataframe(frame.astype(str).replace("None", ""), hide_index=True)


account = current_account()
if account is None or account.role != Role.ADMIN:  # the menu offers it to administrators only; a link does not
    st.stop()
st.title(S("title"))
st.write(S("intro"))
engine = get_engine()

st.subheader(S("templates"))
st.caption(S("templates.help"))
with st.container(horizontal=True):
    for name, data in template.templates(engine).items():
        st.download_button(name, data, name, EXCEL_TYPE, on_click="ignore", icon=":material/download:")

st.subheader(S("upload"))
uploads = st.file_uploader(S("upload"), type=["xlsx", "xls", "csv"], accept_multiple_files=True,
                           label_visibility="collapsed")
if uploads:
    files = [(upload.name, upload.getvalue()) for upload in uploads]
    key = files_key(files)
    done = st.session_state.get("import.done")
    if st.session_state.get("import.key") != key:
        report = load.run(engine, files, dry_run=True, progress=progress_bar(S("checking")))
        st.session_state["import.key"], st.session_state["import.report"] = key, report
    report = st.session_state["import.report"]
    st.subheader(S("preview"))
    preview(report.sheets)
    st.subheader(S("dry"))
    if report.counts:
        st.dataframe(counts_table(report), hide_index=True)
    if report.rejections:
        st.error(S("rejected", n=len(report.rejections)), icon=":material/block:")
        st.dataframe(rejection_table(report), hide_index=True)
        st.download_button(S("rejected.download"), rejects.workbook(report, current_lang()), "未通过的行.xlsx",
                           EXCEL_TYPE, on_click="ignore", icon=":material/download:")
    elif done == key:
        total = st.session_state["import.written"]
        st.success(S("done", added=total.added, updated=total.updated, unchanged=total.unchanged),
                   icon=":material/check_circle:")
    else:
        total = report.total()
        st.success(S("passed", rows=total.added + total.updated + total.unchanged, added=total.added,
                     updated=total.updated, unchanged=total.unchanged), icon=":material/task_alt:")
        if report.events:
            st.caption(S("events", n=report.events))
        st.subheader(S("import"))
        if st.button(S("import"), type="primary", icon=":material/upload:"):
            written = load.run(engine, files, user=account.name, progress=progress_bar(S("importing")))
            if written.written:
                total = written.total()
                audit("import", ", ".join(name for name, _ in files),
                      f"added {total.added}, updated {total.updated}, unchanged {total.unchanged}")
                st.session_state["import.done"], st.session_state["import.written"] = key, written.total()
                st.rerun()
            st.error(S("failed", n=len(written.rejections)), icon=":material/block:")
            st.dataframe(rejection_table(written), hide_index=True)

st.subheader(S("log"))
log = imports.import_log(engine)
if log.empty:
    st.caption(S("log.empty"))
else:
    names = ["imported_at", "file_name", "added", "updated", "unchanged", "user_name", "sha256"]
    st.dataframe(log[names].rename(columns={name: S(f"col.{name}") for name in names}), hide_index=True)
