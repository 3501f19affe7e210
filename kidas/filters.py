"""Filter forms of the list pages as plain select lists, so a page renders its options without
template filters per option (the lists are on every caseload and triage page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.safestring import SafeString, mark_safe

from kidas.safe_html import format_html


def select_fields(form: forms.Form) -> list[dict[str, Any]]:
    """Each field of a form of choice fields: id, name, label and its options as (value, label, selected)."""
    fields = []
    for bound in form:
        field = bound.field
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{type(form).__name__}.{bound.name} is not a choice field")
        chosen = "" if bound.value() is None else str(bound.value())
        # A bound field's choices are (value, label) pairs by now: Django normalises what a form sets.
        choices = cast(Iterable[tuple[Any, Any]], field.choices)
        fields.append(
            {
                "id": bound.auto_id,
                "name": bound.html_name,
                "label": bound.label,
                "options": [(value, label, str(value) == chosen) for value, label in choices],
            }
        )
    return fields


SELECT = (
    '<div class="govuk-grid-column-one-quarter"><div class="govuk-form-group">'
    '<label class="govuk-label" for="{}">{}</label>'
    '<select class="govuk-select" id="{}" name="{}">{}</select></div></div>'
)


def filter_selects(fields: Iterable[dict[str, Any]]) -> SafeString:
    """The selects of `select_fields`, each in a quarter of the filter row; written here, not in a template
    looping over each option (a caseload's filter has some 80 options)."""
    selects = []
    for field in fields:
        options = "".join(
            format_html('<option value="{}"{}>{}</option>', value, " selected" if selected else "", label)
            for value, label, selected in field["options"]
        )
        selects.append(format_html(SELECT, field["id"], field["label"], field["id"], field["name"], mark_safe(options)))  # noqa: S308 (each option escaped)
    return mark_safe("".join(selects))  # noqa: S308 (each select escaped by format_html)
