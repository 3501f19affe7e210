"""What every form of the app shares, so each page follows the GOV.UK patterns without repeating them:
radios start with nothing chosen and have no blank choice, a select's blank choice says what to do,
and an empty required field gets a sentence that says what to do, not Django's "This field is required."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.forms.models import ModelChoiceIterator

DJANGO_BLANK = "---------"
SELECT_BLANK = "Select one"


class ModelChoicesRead(ModelChoiceIterator):
    """A model choice field's choices read with one ordinary query, once per form. Django's own iterator
    reads them through a server-side cursor (DECLARE, FETCH and CLOSE: three round trips), which pays for
    a million rows, not for a select of a few dozen providers or services. The rows are kept on the field's
    queryset, which belongs to this form alone (Django copies it for each form), so a page that asks whether
    there is any choice (`{% if form.fields.x.queryset %}`) and then draws them reads them once."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in self.queryset:
            yield self.choice(choice)


def gds_helper(form: forms.BaseForm) -> FormHelper:
    """The crispy-forms-gds helper of a form rendered inside a page's own <form> tag, after the
    form's fields have been tidied to the GOV.UK patterns."""
    tidy_choices(form)
    govuk_required_messages(form)
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, declared as a choice field, typed as one (to set its choices)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, declared as a model choice field, typed as one (to set its queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


def _is_choice_group(field: forms.Field) -> bool:
    return isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


def tidy_choices(form: forms.BaseForm) -> None:
    """No radio shows a "---------" choice (a radio group starts unselected instead), and a select's
    blank choice reads "Select one"."""
    for field in form.fields.values():
        if not isinstance(field, forms.ChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = ModelChoicesRead
            field.widget.choices = field.choices
            if _is_choice_group(field):
                field.empty_label = None
            elif field.empty_label == DJANGO_BLANK:
                field.empty_label = SELECT_BLANK
            continue
        choices: list[tuple[Any, Any]] = [(value, label) for value, label in field.widget.choices]
        if _is_choice_group(field):
            tidied = [(value, label) for value, label in choices if value not in ("", None)]
        else:
            tidied = [(value, SELECT_BLANK if label == DJANGO_BLANK else label) for value, label in choices]
        # Set only when changed (setting them costs Django a pass over every choice), and always when they are
        # read by a callable, which is then read once here rather than again when drawn.
        if not (isinstance(field.choices, list) and field.choices == tidied == choices):
            field.choices = tidied


def _phrase(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() or len(label) == 1 else label


def govuk_required_messages(form: forms.BaseForm) -> None:
    """An empty required field says what to do: "Enter ..." for what is typed, "Select ..." for what
    is chosen. A field that already has its own message keeps it."""
    default = forms.Field.default_error_messages["required"]
    for name, field in form.fields.items():
        if field.error_messages.get("required") != default:
            continue
        label = str(field.label or name.replace("_", " ").capitalize()).rstrip()
        if label.endswith("?"):
            message = f"Select an answer to “{label}”"
        elif isinstance(field, (forms.ChoiceField, forms.BooleanField)):
            message = f"Select {_phrase(label)}"
        else:
            message = f"Enter {_phrase(label)}"
        field.error_messages = {**field.error_messages, "required": message}


def mark_optional(form: forms.BaseForm, *, except_for: tuple[str, ...] = ()) -> None:
    """Say "(optional)" after the label of each field that may be left empty (GOV.UK). A field whose
    need depends on another answer, or a safety question that must not invite skipping, is left
    unmarked by naming it in `except_for`."""
    for name, field in form.fields.items():
        if field.required or name in except_for or isinstance(field.widget, (forms.HiddenInput, forms.CheckboxInput)):
            continue
        label = str(field.label or name.replace("_", " ").capitalize())
        if "optional" not in label.lower():
            field.label = f"{label} (optional)"
