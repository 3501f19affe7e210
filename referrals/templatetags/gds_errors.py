"""The error summary's pieces, used by every page's summary (templates/includes/error_summary.html)."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def error_target(field: forms.BoundField) -> str:
    """The id an error summary link goes to: the first radio or checkbox of a group (crispy-forms-gds
    numbers them from 1), the day of a date, or the input itself."""
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


def _has_errors(value: Any) -> bool:
    if isinstance(value, forms.BaseForm):
        return bool(value.is_bound and value.errors)
    if isinstance(value, forms.BaseFormSet):
        return bool(value.is_bound and value.total_error_count())
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """ "Error: " when any form on the page has an error, so the <title> says so first (GOV.UK)."""
    for layer in context.flatten().values():
        if _has_errors(layer) or (isinstance(layer, list) and any(_has_errors(item) for item in layer)):
            return "Error: "
    return ""
