from __future__ import annotations

from typing import Any

from django import template

from referrals import list_rows, markup
from referrals.normalise import display_phone
from referrals.restricted import FreeTextReader, free_text_reader

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """+447700900123 → 07700 900123: the form a worker dials."""
    return display_phone(e164)


@register.simple_tag
def risk_checklist(form: Any) -> str:
    return markup.risk_checklist(form.question_groups())


@register.simple_tag
def risk_tags(risk_level: str | None, is_repeat: bool) -> str:
    """{% risk_tags referral.risk_level referral.is_repeat %}: referrals.markup.risk_tags."""
    return markup.risk_tags(risk_level, is_repeat)


def _reader(context: Any) -> FreeTextReader:
    """The request's one free-text reader (referrals.restricted.free_text_reader), so a list looks up each
    case's words once."""
    request = context.get("request")
    reader = getattr(request, "free_text_reader", None)
    if reader is None:
        reader = free_text_reader(getattr(request, "user", None))
        if request is not None:
            setattr(request, "free_text_reader", reader)  # noqa: B010
    return reader


@register.simple_tag(takes_context=True)
def free_text(context: Any, text: str, referral: Any) -> str:
    """A case's free text as the signed-in user may read it: the code word masked unless they may see it
    (referrals.restricted.free_text_for)."""
    return _reader(context)(referral, text)


@register.simple_tag(takes_context=True)
def referral_rows(context: Any, referrals: Any) -> str:
    """{% referral_rows page.object_list %}: a list's rows (referrals.list_rows)."""
    return list_rows.referral_rows(referrals, read=_reader(context))
