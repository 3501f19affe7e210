"""The caseload's and the inbox's table rows, written in Python as the referral list's are (referrals.list_rows):
the busiest page's 50 rows through a template took about half of the page's time (the inbox's, with a reversed
address a row, nearly half of its). The risk tags and the deadline cell are the ones every page shows
(referrals.markup, sla.markup)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kidas.formats import short_date, short_date_time
from kidas.safe_html import format_html
from referrals.list_rows import case_url_maker
from referrals.markup import risk_tags
from sla.markup import deadline_cell, deadline_cell_of

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


INBOX_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell kidas-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    "</tr>"
)
NOTHING_WAITING = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">Nothing is waiting.</td></tr>'


def inbox_rows(referrals: Iterable[Any]) -> SafeString:
    """The inbox's referrals (casework.selectors.inbox), each marked with its deadline
    (sla.current_deadline.mark_deadline_status)."""
    case_url = case_url_maker()
    written = [
        format_html(
            INBOX_ROW,
            case_url(referral.pk),
            referral.reference,
            referral.full_name,
            referral.district or "Not known",
            risk_tags(referral.risk_level, referral.is_repeat),
            referral.service or "–",
            short_date_time(referral.state_changed_at),
            deadline_cell_of(referral),
        )
        for referral in referrals
    ]
    return mark_safe("".join(written) if written else NOTHING_WAITING)  # noqa: S308 (each row escaped by format_html)
