from __future__ import annotations

from django import template

from referrals.normalise import display_phone

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """+447700900123 → 07700 900123: the form a worker dials."""
    return display_phone(e164)
