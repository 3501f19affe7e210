"""The return's tables as CSV (one table) and as an Excel workbook (one sheet per table). They take
the already-suppressed tables of reports.tables, so an export shows exactly what the page shows."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.tables import Table


def _safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet ("–" for none is safe).
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


COUNT = re.compile(r"^\d{1,3}(,\d{3})*$")
PERCENT = re.compile(r"^\d+(\.\d+)?%$")
MONEY = re.compile(r"^£\d{1,3}(,\d{3})*(\.\d\d)?$")


def _plain(value: str) -> str:
    """For CSV: counts and money without thousands separators, so a spreadsheet reads them as numbers."""
    return value.replace(",", "") if COUNT.match(value) or MONEY.match(value) else value


def _cell(value: str) -> tuple[Any, str | None]:
    """For Excel: counts, percentages and money as numbers with a format; anything else ("<5", "–") as text."""
    if COUNT.match(value):
        return int(value.replace(",", "")), "#,##0"
    if PERCENT.match(value):
        return float(value[:-1]) / 100, "0.0%"
    if MONEY.match(value):
        return float(value[1:].replace(",", "")), "£#,##0.00"
    return _safe(value), None


def table_csv(table: Table, *, heading: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in heading:
        writer.writerow([_safe(line)])
    writer.writerow([_safe(h) for h in table.header])
    writer.writerows([[_safe(_plain(v)) for v in row] for row in table.rows])
    if table.definitions:
        writer.writerow([])
        writer.writerow(["Definitions"])
        writer.writerows([[_safe(label), _safe(text)] for label, text in table.definitions])
    return out.getvalue()


def workbook(tables: list[Table], *, heading: list[str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31].replace("/", "-").replace("(", "").replace(")", ""))
        for line in heading:
            sheet.append([_safe(line)])
        sheet.append([])
        sheet.append([_safe(h) for h in table.header])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            cells = [_cell(v) for v in row]
            sheet.append([value for value, _ in cells])
            for cell, (_, number_format) in zip(sheet[sheet.max_row], cells, strict=False):
                if number_format:
                    cell.number_format = number_format
        if table.definitions:
            sheet.append([])
            sheet.append(["Definitions"])
            for label, text in table.definitions:
                sheet.append([_safe(label), _safe(text)])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
