"""How a referral's risk shows: the GOV.UK tags for its risk level and repeat marker. One home for the
markup, used by the templates (the risk_tags filter) and by the caseload rows built in Python."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

_RISK = {"high": ("red", "High risk"), "medium": ("orange", "Medium risk"), "standard": ("blue", "Standard risk")}
_NOT_ASSESSED = ("grey", "Not assessed")
_REPEAT = format_html(' <strong class="govuk-tag govuk-tag--{}">{}</strong>', "purple", "Repeat")


def _tags(risk_level: str | None, is_repeat: bool) -> SafeString:
    colour, label = _RISK.get(risk_level or "", _NOT_ASSESSED)
    tag = format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)
    return SafeString(tag + _REPEAT) if is_repeat else tag


# Built once: a busy list shows them on every row.
_ALL = {(level, repeat): _tags(level, repeat) for level in (*_RISK, None) for repeat in (False, True)}


def risk_tags(risk_level: str | None, is_repeat: bool) -> SafeString:
    """The risk tag (not assessed when there is no level) and, for a repeat referral, the repeat tag."""
    return _ALL[(risk_level if risk_level in _RISK else None, bool(is_repeat))]
