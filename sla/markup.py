"""The only markup for a running clock's deadline: a tag when it is overdue or due soon, then the time; a dash
when no clock runs. Written in Python rather than in a template, which cost more than the rest of a list's row.
Pages show it through {% deadline_cell %} (sla/templatetags/sla.py), referrals' lists through the deadline
cell registered in referrals.extensions (sla/handlers.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kidas.formats import short_date_time
from kidas.safe_html import format_html

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
