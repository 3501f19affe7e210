"""Filter forms of the list pages as plain select lists, so a page renders its options without
template filters per option (the lists are on every caseload and triage page)."""

from __future__ import annotations

from typing import Any

from django import forms


def select_fields(form: forms.Form) -> list[dict[str, Any]]:
    """Each field of a form of choice fields: id, name, label and its options as (value, label, selected)."""
    fields = []
    for bound in form:
        field = bound.field
        assert isinstance(field, forms.ChoiceField)
        chosen = "" if bound.value() is None else str(bound.value())
        fields.append(
            {
                "id": bound.auto_id,
                "name": bound.html_name,
                "label": bound.label,
                "options": [(value, label, str(value) == chosen) for value, label in field.choices],  # type: ignore[union-attr,misc]
            }
        )
    return fields
