from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from accommodation import markup

register = template.Library()


@register.simple_tag
def vacancy_rows(places: Any) -> SafeString:
    """{% vacancy_rows places %}: accommodation.markup.vacancy_rows."""
    return markup.vacancy_rows(places)
