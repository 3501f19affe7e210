"""The caseload table's rows as HTML, built in Python.

The caseload is the busiest page; rendering 50 rows through the template engine (a dozen variable
lookups, tags and an include per row) cost more than fetching them. The markup here is the same
GOV.UK table markup the template would give, escaped by format_html."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from referrals.display import risk_tags
from sla.display import deadline_cell

ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
    '<td class="govuk-table__cell">{} {}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell kidas-nowrap">{}{}</td>'
    "</tr>\n"
)
EMPTY = mark_safe('<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="8">No open cases.</td></tr>')


def _review(on: date | None, overdue: bool) -> tuple[Any, str]:
    tag = mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong> ') if overdue else ""
    return tag, (date_format(on, "j M Y") if on else "No plan yet")


def _cells(case: dict[str, Any]) -> tuple[Any, ...]:
    return (
        case["url"],
        case["reference"],
        case["first_name"],
        case["last_name"],
        case["district"] or "Not known",
        risk_tags(case["risk_level"], case["is_repeat"]),
        case["state_label"],
        case["allocated_worker"] or "–",
        deadline_cell(case["deadline_status"], case["deadline_due_at"]),
        *_review(case["safety_review_on"], case["overdue"]),
    )


def caseload_table_rows(rows: list[dict[str, Any]]) -> SafeString:
    """The <tr> rows of the caseload table for rows from casework.selectors.caseload_rows."""
    if not rows:
        return EMPTY
    return format_html_join("", ROW, (_cells(case) for case in rows))
