"""How a running clock's deadline is shown: one home for its markup, used by the caseload's Python
rows and, through the `deadline_cell` filter, by the referral lists."""

from __future__ import annotations

from datetime import datetime

from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

DEADLINE_TAGS = {
    "overdue": mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong><br>'),
    "due_soon": mark_safe('<strong class="govuk-tag govuk-tag--orange">Due soon</strong><br>'),
}


def deadline_cell(status: str, due_at: datetime | None) -> SafeString:
    """A tag when overdue or due soon, then the time; a dash when no clock runs."""
    if not status or due_at is None:
        return mark_safe("–")
    return format_html(
        '{}<span class="govuk-body-s kidas-nowrap">{}</span>',
        DEADLINE_TAGS.get(status, ""),
        date_format(localtime(due_at), "j M Y H:i"),
    )
