"""The return's tables as CSV (one table) and as an Excel workbook (one sheet per table). They take
the already-suppressed tables of reports.tables, so an export shows exactly what the page shows."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.tables import Table


def _safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet ("–" for none is safe).
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def table_csv(table: Table, *, heading: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in heading:
        writer.writerow([_safe(line)])
    writer.writerow([_safe(h) for h in table.header])
    writer.writerows([[_safe(v) for v in row] for row in table.rows])
    return out.getvalue()


def workbook(tables: list[Table], *, heading: list[str]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = book.create_sheet(table.title[:31].replace("/", "-").replace("(", "").replace(")", ""))
        for line in heading:
            sheet.append([_safe(line)])
        sheet.append([])
        sheet.append([_safe(h) for h in table.header])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
