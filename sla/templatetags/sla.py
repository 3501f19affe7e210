from __future__ import annotations

from datetime import datetime

from django import template

from sla import markup

register = template.Library()


@register.simple_tag
def deadline_cell(status: str, due_at: datetime | None) -> str:
    """{% deadline_cell item.deadline_status item.deadline_due_at %}: sla.markup.deadline_cell."""
    return markup.deadline_cell(status, due_at)
