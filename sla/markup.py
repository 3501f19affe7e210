"""The only markup for a running clock's deadline: a tag when it is overdue or due soon, then the time; a dash
when no clock runs. Written in Python rather than in a template, which cost more than the rest of a list's row.
The lists write it in their rows: the caseload's and the inbox's (casework.markup), referrals' lists through the
deadline cell registered in referrals.extensions (sla/handlers.py). The breaches report's rows are written here too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kidas.formats import short_date_time
from kidas.safe_html import format_html
from referrals.list_rows import case_url_maker
from referrals.models import referral_reference
from sla.models import Clock

DEADLINE_TAGS = {"overdue": ("red", "Overdue"), "due_soon": ("orange", "Due soon")}


def deadline_cell(status: str, due_at: datetime | None) -> str:
    """The deadline of an item from sla.current_deadline (queues, lists, the inbox) or of a caseload row,
    the same on every page that shows one."""
    if not (status and due_at):
        return "–"
    tag = DEADLINE_TAGS.get(status)
    flag = format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong><br>', *tag) if tag else ""
    return format_html('{}<span class="govuk-body-s kidas-nowrap">{}</span>', flag, short_date_time(due_at))


def deadline_cell_of(row: Any) -> str:
    """The cell of a row marked by sla.current_deadline.mark_deadline_status."""
    return deadline_cell(row.deadline_status, row.deadline_due_at)


BREACH_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell kidas-nowrap">{}</td>'
    '<td class="govuk-table__cell kidas-nowrap">{}</td>'
    "</tr>"
)
SUMMARY_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    "</tr>"
)
STILL_OPEN_TAG = '<strong class="govuk-tag govuk-tag--red">Still open</strong>'
# A stage with no organisation is the MARAC's (sla.stages): its coordinators hold it.
NO_ORGANISATION = "MARAC coordinators"


def breach_rows(clocks: Iterable[Clock]) -> SafeString:
    """The breaches report's list: each clock with its referral, organisation and who stopped it (read with it)."""
    case_url = case_url_maker()
    rows = []
    for clock in clocks:
        if clock.stopped_at is None:
            finished: str = mark_safe(STILL_OPEN_TAG)  # noqa: S308 (a constant)
        else:
            by = f" by {clock.stopped_by}" if clock.stopped_by_id else ""
            finished = f"{short_date_time(clock.stopped_at)}{by}"
        rows.append(
            format_html(
                BREACH_ROW,
                case_url(clock.referral_id),
                referral_reference(clock.referral_id),
                clock.get_stage_display(),
                clock.organisation.name if clock.organisation else NO_ORGANISATION,
                short_date_time(clock.due_at),
                finished,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 (each row escaped by format_html)


def _finished_by(row: dict[str, Any]) -> str:
    if row["still_open"]:
        return "Still open"
    if row["worker_username"]:
        return f"{row['worker_first']} {row['worker_last']}"
    return "Not recorded"


def breach_summary_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The summary's rows (sla.breach_summary): breaches by stage, organisation and the worker who finished it."""
    return mark_safe(  # noqa: S308 (each row escaped by format_html)
        "".join(
            format_html(
                SUMMARY_ROW,
                row["stage_label"],
                row["organisation_name"] or NO_ORGANISATION,
                _finished_by(row),
                row["count"],
            )
            for row in rows
        )
    )
