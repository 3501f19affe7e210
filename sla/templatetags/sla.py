from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.timezone import localtime

register = template.Library()


# The only markup for a running clock's deadline: a tag when it is overdue or due soon, then the time; a dash
# when no clock runs. Written here rather than in a template, which cost more than the rest of a list's row.
DEADLINE_TAGS = {"overdue": ("red", "Overdue"), "due_soon": ("orange", "Due soon")}


@register.simple_tag
def deadline_cell(status: str, due_at: datetime | None) -> str:
    """{% deadline_cell item.deadline_status item.deadline_due_at %}: the deadline of an item from
    sla.current_deadline (queues, lists, the inbox) or of a caseload row, the same on every page that shows one."""
    if not (status and due_at):
        return "–"
    tag = DEADLINE_TAGS.get(status)
    flag = format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong><br>', *tag) if tag else ""
    when = date_filter(localtime(due_at), "j M Y H:i")
    return format_html('{}<span class="govuk-body-s kidas-nowrap">{}</span>', flag, when)
