from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from referrals.household import Household
from referrals.normalise import display_phone
from referrals.restricted import free_text_reader

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """+447700900123 → 07700 900123: the form a worker dials."""
    return display_phone(e164)


# The only markup for a referral's risk tag (not assessed when it has no level) and the repeat tag: every
# page shows them through {% risk_tags %}. Written here rather than in a template: a list shows them on each
# of its 50 rows, and a template of its own per row cost more than the rest of the row.
RISK_TAGS = {"high": ("red", "High risk"), "medium": ("orange", "Medium risk"), "standard": ("blue", "Standard risk")}
NOT_ASSESSED = ("grey", "Not assessed")
REPEAT_TAG = ' <strong class="govuk-tag govuk-tag--purple">Repeat</strong>'


@register.simple_tag
def risk_tags(risk_level: str | None, is_repeat: bool) -> str:
    """{% risk_tags referral.risk_level referral.is_repeat %}: the risk tag and repeat marker, the same on
    every page that shows a referral's risk."""
    colour, label = RISK_TAGS.get(risk_level or "", NOT_ASSESSED)
    repeat = mark_safe(REPEAT_TAG) if is_repeat else ""  # noqa: S308 (a constant)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>{}', colour, label, repeat)


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


@register.filter
def household_for(households: Mapping[int, Household] | None, referral_id: int) -> Household | None:
    """{% with household=households|household_for:case.referral_id %}: one referral's people
    (referrals.household), from the households the view read for the whole page."""
    return (households or {}).get(referral_id)


@register.inclusion_tag("referrals/_household.html")
def household_cells(household: Household | None) -> dict[str, Any]:
    """The alleged perpetrator (with the serial marker), children (name, age) and referring agency as table
    cells: the same on the high-risk list, the agenda and its printout."""
    return {"household": household}
