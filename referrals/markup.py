"""Markup shown on every row of a list, written in Python rather than in a template: a template of its own per
row cost more than the rest of the row. The risk tag (not assessed when it has no level) and the repeat tag:
every page shows them through {% risk_tags %} (referrals/templatetags/referral_format.py), the lists through
their rows (referrals.list_rows). A household's cells: the MARAC lists' rows (marac.markup)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kidas.safe_html import escaped, format_html
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


def risk_checklist(question_groups: Iterable[tuple[str, Iterable[tuple[BoundField, Any]]]]) -> SafeString:
    """The risk identification checklist's questions (RiskAssessmentForm.question_groups): short numbered
    groups of compact yes / no / not known rows; a question that calls for judgement carries a tag, not an
    error's red border. Written here rather than in a template: 25 questions of three answers each were
    75 templated radio buttons, half of an assessment page's time."""
    return mark_safe("".join(_checklist_group(legend, rows) for legend, rows in question_groups))  # noqa: S308 (each escaped)


def _checklist_group(legend: str, rows: Iterable[tuple[BoundField, Any]]) -> str:
    questions = "".join(_checklist_question(field, question) for field, question in rows)
    return (
        '<fieldset class="govuk-fieldset kidas-checklist-group">'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">'
        f'<h2 class="govuk-fieldset__heading">{escape(legend)}</h2></legend>{questions}</fieldset>'
    )


def _checklist_question(field: BoundField, question: Any) -> str:
    auto_id, name, value = escape(field.auto_id), escape(field.html_name), field.value()
    errors = field.errors
    judgement = (
        ' <strong class="govuk-tag govuk-tag--yellow kidas-judgement-tag">Consider judgement</strong>'
        if question.prompts_judgement
        else ""
    )
    error_lines = "".join(
        f'<p id="{auto_id}_{number}_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {escaped(str(error))}</p>'
        for number, error in enumerate(errors, start=1)
    )
    answers = "".join(
        f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="id_{name}_{position}" name="{name}" '
        f'type="radio" value="{escaped(choice)}"{" checked" if value == choice else ""}>'
        f'<label class="govuk-label govuk-radios__label" for="id_{name}_{position}">{escaped(label)}</label>'
        "</div>"
        for position, (choice, label) in enumerate(getattr(field.field, "choices", ()), start=1)
    )
    group_class, described_by = (
        (" govuk-form-group--error", f' aria-describedby="{auto_id}_1_error"') if errors else ("", "")
    )
    return (
        f'<div class="govuk-form-group kidas-checklist-question{group_class}">'
        f'<fieldset class="govuk-fieldset"{described_by}>'
        f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{escaped(field.label)}{judgement}'
        f'</legend>{error_lines}<div class="govuk-radios govuk-radios--inline govuk-radios--small">{answers}</div>'
        "</fieldset></div>"
    )
