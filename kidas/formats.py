"""Dates and times as every page writes them: "1 Dec 2026" and "1 Dec 2026 06:21", in the service's local
time. Django's `date` filter gives the same text but looks up each part of its format through the
localisation machinery on every call, which on a list of 50 rows cost more than the rest of the row.
Templates use them as built-in filters (config.settings TEMPLATES "builtins"):
`{{ referral.received_at|short_date_time }}`, `{{ plan.review_on|short_date }}`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

# Django's "M" in English, the only language the service writes in.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

register = template.Library()


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter(expects_localtime=False)
def short_date(value: Any) -> str:
    """`date:"j M Y"`: "1 Dec 2026"; a date and time is shown on its local day; nothing for no date."""
    if isinstance(value, datetime):
        value = _local(value)
    elif not isinstance(value, date):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter(expects_localtime=False)
def short_date_time(value: Any) -> str:
    """`date:"j M Y H:i"`: "1 Dec 2026 06:21" in local time; nothing for no date and time."""
    if not isinstance(value, datetime):
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year} {value.hour:02d}:{value.minute:02d}"
