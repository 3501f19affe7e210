from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from sla import display

register = template.Library()


@register.filter
def deadline_cell(item: Any) -> SafeString:
    """The deadline of an item from sla.selectors.attach_current_deadlines."""
    return display.deadline_cell(item.deadline_status, item.deadline_due_at)
