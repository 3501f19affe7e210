from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from casework import markup

register = template.Library()


@register.simple_tag
def caseload_rows(rows: Any) -> SafeString:
    """{% caseload_rows rows %}: casework.markup.caseload_rows."""
    return markup.caseload_rows(rows)


@register.simple_tag
def inbox_rows(referrals: Any) -> SafeString:
    """{% inbox_rows page.object_list %}: casework.markup.inbox_rows."""
    return markup.inbox_rows(referrals)
