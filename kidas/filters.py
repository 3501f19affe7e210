"""Filter forms of the list pages as plain select lists, so a page renders its options without
template filters per option (the lists are on every caseload and triage page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms


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
