from __future__ import annotations

from django import template

from referrals.display import risk_tags as risk_tags_html
from referrals.normalise import display_phone

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """+447700900123 → 07700 900123: the form a worker dials."""
    return display_phone(e164)


@register.filter
def risk_tags(referral: object) -> str:
    """The referral's risk tag and repeat marker (referrals.display)."""
    return risk_tags_html(getattr(referral, "risk_level", None), getattr(referral, "is_repeat", False))
