from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def deadline_status(due_at: datetime | None, remind_at: datetime | None) -> str:
    """ "overdue", "due_soon", "on_time", or "" when no clock runs."""
    if due_at is None:
        return ""
    now = timezone.now()
    if now >= due_at:
        return "overdue"
    if remind_at is not None and now >= remind_at:
        return "due_soon"
    return "on_time"
