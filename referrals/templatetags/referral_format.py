from __future__ import annotations

from typing import Any

from django import template

from referrals.normalise import display_phone
from referrals.restricted import free_text_reader

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """+447700900123 → 07700 900123: the form a worker dials."""
    return display_phone(e164)


@register.inclusion_tag("referrals/_risk_tags.html")
def risk_tags(risk_level: str | None, is_repeat: bool) -> dict[str, Any]:
    """{% risk_tags referral.risk_level referral.is_repeat %}: the risk tag and repeat marker, the same on
    every page that shows a referral's risk."""
    return {"risk_level": risk_level, "is_repeat": is_repeat}


@register.simple_tag(takes_context=True)
def free_text(context: Any, text: str, referral: Any) -> str:
    """A case's free text as the signed-in user may read it: the code word masked unless they may see it
    (referrals.restricted.free_text_for). One reader per request, so a list looks up each case's words once."""
    request = context.get("request")
    reader = getattr(request, "free_text_reader", None)
    if reader is None:
        reader = free_text_reader(getattr(request, "user", None))
        if request is not None:
            setattr(request, "free_text_reader", reader)  # noqa: B010
    return reader(referral, text)
