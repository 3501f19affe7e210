"""The caseload table's rows (casework.selectors.caseload_rows: the same rows the API gives), written in Python
as the referral list's are (referrals.list_rows): the busiest page's 50 rows through a template took about half
of the page's time. The risk tags and the deadline cell are the ones every page shows (referrals.markup,
sla.markup)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kidas.formats import short_date
from kidas.safe_html import format_html
from referrals.markup import risk_tags
from sla.markup import deadline_cell

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
    "</tr>"
)
OVERDUE = mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong> ')  # noqa: S308 (a constant)
NO_CASES = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="8">No open cases.</td></tr>'


def caseload_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    written = [
        format_html(
            ROW,
            case["url"],
            case["reference"],
            case["first_name"],
            case["last_name"],
            case["district"] or "Not known",
            risk_tags(case["risk_level"], case["is_repeat"]),
            case["state_label"],
            case["allocated_worker"] or "–",
            deadline_cell(case["deadline_status"], case["deadline_due_at"]),
            OVERDUE if case["overdue"] else "",
            short_date(case["safety_review_on"]) or "No plan yet",
        )
        for case in rows
    ]
    return mark_safe("".join(written) if written else NO_CASES)  # noqa: S308 (each row escaped by format_html)
