from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("sla/_deadline.html")
def deadline_cell(status: str, due_at: datetime | None) -> dict[str, Any]:
    """{% deadline_cell item.deadline_status item.deadline_due_at %}: the deadline of an item from
    sla.current_deadline (queues, lists, the inbox) or of a caseload row, the same on every page that shows one."""
    return {"status": status, "due_at": due_at}
