"""Markup shown on every row of a list, written in Python rather than in a template: a template of its own per
row cost more than the rest of the row. The risk tag (not assessed when it has no level) and the repeat tag:
every page shows them through {% risk_tags %} (referrals/templatetags/referral_format.py), the lists through
their rows (referrals.list_rows). A household's cells: the MARAC lists' rows (marac.markup)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from referrals.household import Household

RISK_TAGS = {"high": ("red", "High risk"), "medium": ("orange", "Medium risk"), "standard": ("blue", "Standard risk")}
NOT_ASSESSED = ("grey", "Not assessed")
REPEAT_TAG = '<strong class="govuk-tag govuk-tag--purple">Repeat</strong>'


def risk_tags(risk_level: str | None, is_repeat: bool) -> str:
    """The risk tag and repeat marker, the same on every page that shows a referral's risk."""
    colour, label = RISK_TAGS.get(risk_level or "", NOT_ASSESSED)
    repeat = mark_safe(" " + REPEAT_TAG) if is_repeat else ""  # noqa: S308 (a constant)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>{}', colour, label, repeat)


SERIAL_TAG = ' <strong class="govuk-tag govuk-tag--orange kidas-serial">Serial: {} survivors</strong>'
HOUSEHOLD_CELLS = (
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
)


def household_cells(household: Household | None) -> str:
    """A referral's alleged perpetrators (with the serial marker), children (name, age) and referring agency as
    table cells: the same on the high-risk list, a MARAC agenda and its printout."""
    perpetrators = [
        format_html("{}{}<br>", p.name, format_html(SERIAL_TAG, p.survivors) if p.is_serial else "")
        for p in (household.perpetrators if household else [])
    ]
    children = [format_html("{}<br>", child.label) for child in (household.children if household else [])]
    return format_html(
        HOUSEHOLD_CELLS,
        mark_safe("".join(perpetrators)) if perpetrators else "Not known",  # noqa: S308 (each escaped above)
        mark_safe("".join(children)) if children else "None recorded",  # noqa: S308 (each escaped above)
        (household.referring_agency if household else "") or "Not known",
    )
