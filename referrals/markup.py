"""The only markup for a referral's risk tag (not assessed when it has no level) and the repeat tag: every page
shows them through {% risk_tags %} (referrals/templatetags/referral_format.py), the lists through their rows
(referrals.list_rows). Written in Python rather than in a template: a list shows them on each of its 50 rows,
and a template of its own per row cost more than the rest of the row."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe

RISK_TAGS = {"high": ("red", "High risk"), "medium": ("orange", "Medium risk"), "standard": ("blue", "Standard risk")}
NOT_ASSESSED = ("grey", "Not assessed")
REPEAT_TAG = ' <strong class="govuk-tag govuk-tag--purple">Repeat</strong>'


def risk_tags(risk_level: str | None, is_repeat: bool) -> str:
    """The risk tag and repeat marker, the same on every page that shows a referral's risk."""
    colour, label = RISK_TAGS.get(risk_level or "", NOT_ASSESSED)
    repeat = mark_safe(REPEAT_TAG) if is_repeat else ""  # noqa: S308 (a constant)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>{}', colour, label, repeat)
