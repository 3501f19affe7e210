"""Forms drawn in the GOV.UK Design System's markup, written in Python: `{% gds_form form %}` draws a form's
fields, `{{ bound_field|gds_field }}` one field. Built into every template (TEMPLATES "builtins").

The markup is crispy-forms-gds's (its `gds/field.html` and the templates it includes, its
`crispy_gds_field` tag and Django's widget templates), and tests/kidas/test_form_markup.py holds it to
that library's output for every kind of field, unbound, filled in and with errors. Why not the library's
templates: they render each field through eight to ten nested templates and each radio button through one
more, which made a form page's fields three fifths of its time (a case's closure form, 11 radio groups:
about 20 ms of 36 ms). The same markup written here takes a tenth of that.

Kinds of field: radios (RadioSelect), checkboxes (CheckboxSelectMultiple), a date in three boxes (a
MultiWidget such as crispy-forms-gds's DateInputField), a single checkbox (CheckboxInput), hidden, and every
other widget (a text box, a text area, a select, a file). Inputs, text areas, selects and the date's boxes
are written here; any other widget (a file input) is drawn by Django's own widget templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

from kidas import filters
from kidas.safe_html import escaped

register = template.Library()

# crispy-forms-gds's class for each kind of widget (its CrispyGDSFieldNode's converters); any other widget
# is given its class name in lower case, as the library does.
WIDGET_CLASSES = {
    "checkboxinput": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "textarea": "govuk-textarea",
    "clearablefileinput": "govuk-file-upload",
}
INPUT_TEMPLATES = {"django/forms/widgets/input.html"} | {
    f"django/forms/widgets/{kind}.html"
    for kind in ("text", "email", "password", "number", "date", "datetime", "time", "hidden", "url", "search", "tel")
}
DATE_TEMPLATE = "gds/widgets/date.html"  # crispy-forms-gds's DateInputWidget: day, month and year boxes
WRITTEN_TEMPLATES = INPUT_TEMPLATES | {
    "django/forms/widgets/textarea.html",
    "django/forms/widgets/select.html",
    DATE_TEMPLATE,
}


@register.simple_tag
def gds_form(form: forms.BaseForm) -> SafeString:
    """A form's fields, as `{% crispy form %}` draws a form whose helper is kidas.forms.gds_helper: the
    fields of its layout (all of them when it has no helper) with no <form> tag, no CSRF token and no
    non-field errors (pages show those in their error summary), and without the browser's own required
    checks, which would stop the GOV.UK error messages from showing."""
    form.use_required_attribute = False
    return mark_safe("".join(field_html(form[name]) for name in _field_names(form)))  # noqa: S308 (each escaped)


@register.simple_tag
def filter_selects(fields: Iterable[dict[str, Any]]) -> SafeString:
    """A list page's filter selects (kidas.filters.select_fields): kidas.filters.filter_selects."""
    return filters.filter_selects(fields)


@register.filter
def gds_field(bound_field: BoundField) -> SafeString:
    """One field, as crispy's `as_crispy_field` filter draws it."""
    return field_html(bound_field)


def _field_names(form: forms.BaseForm) -> Iterable[str]:
    helper = getattr(form, "helper", None)
    if helper is None or helper.layout is None:
        return list(form.fields)
    return [pointer.name for pointer in helper.layout.get_field_names() if pointer.name in form.fields]


def field_html(field: BoundField) -> SafeString:
    if field.is_hidden:
        return mark_safe(widget_html(field))  # noqa: S308 (escaped in widget_html)
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        inside = _fieldset(field, _checkboxes(field))
    elif isinstance(widget, forms.RadioSelect):
        inside = _fieldset(field, _radios(field))
    elif isinstance(widget, forms.MultiWidget):
        inside = _fieldset(field, _widget_with_classes(field, multivalue=True))
    elif isinstance(widget, forms.CheckboxInput):
        inside = (
            f'{_hint_and_errors(field)}<div class="govuk-checkboxes"><div class="govuk-checkboxes__item">'
            f"{_widget_with_classes(field)}"
            f'<label class="govuk-label govuk-checkboxes__label" for="{_text(field.id_for_label)}">'
            f"{field.label}</label></div></div>"
        )
    else:
        label = (
            f'<label for="{_text(field.id_for_label)}" class="govuk-label">{field.label}</label>' if field.label else ""
        )
        inside = f"{label}{_hint_and_errors(field)}{_widget_with_classes(field)}"
    group = "govuk-form-group" + (" govuk-form-group--error" if field.errors else "")
    if css_classes := field.css_classes():
        group += f" {css_classes}"
    markup = f'<div id="div_{_text(field.auto_id)}" class="{_text(group)}">{inside}</div>'
    return mark_safe(markup)  # noqa: S308 (values escaped; the label and hint are markup, as in the library)


def _fieldset(field: BoundField, inside: str) -> str:
    described_by = ""
    if field.help_text or field.errors:
        ids = f"{field.auto_id}_hint" if field.help_text else ""
        ids += "".join(f" {field.auto_id}_{number}_error" for number in range(1, len(field.errors) + 1))
        described_by = f' aria-describedby="{_text(ids)}"'
    legend = f'<legend class="govuk-fieldset__legend">{field.label}</legend>' if field.label else ""
    return f'<fieldset class="govuk-fieldset"{described_by}>{legend}{_hint_and_errors(field)}{inside}</fieldset>'


def _hint_and_errors(field: BoundField) -> str:
    hint = (
        f'<div id="{_text(field.auto_id)}_hint" class="govuk-hint">{field.help_text}</div>' if field.help_text else ""
    )
    errors = "".join(
        f'<span id="{_text(field.auto_id)}_{number}_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {_text(error)}</span>'
        for number, error in enumerate(field.errors, start=1)
    )
    return hint + errors


def _radios(field: BoundField) -> str:
    value = _as_text(field.value())
    return _choice_group(field, "radio", "radios", lambda choice_value: _as_text(choice_value) == value)


def _checkboxes(field: BoundField) -> str:
    values = field.value()
    return _choice_group(field, "checkbox", "checkboxes", lambda choice_value: _is_among(choice_value, values))


def _choice_group(field: BoundField, input_type: str, kind: str, is_checked: Callable[[Any], bool]) -> str:
    choices: Iterable[Any] = getattr(field.field, "choices", ())
    items = "".join(
        _choice_item(input_type, kind, field.html_name, position, choice, is_checked(choice[0]))
        for position, choice in enumerate(choices, start=1)
    )
    return f'<div class="govuk-{kind}">{items}</div>'


def _is_among(choice_value: Any, values: Any) -> bool:
    """The library's `choice.0 in field.value or choice.0|stringformat:"s" in field.value`, where a
    template's `in` on nothing (an unbound field without initial) is false."""
    try:
        return choice_value in values or _as_text(choice_value) in values
    except TypeError:
        return False


def _choice_item(input_type: str, kind: str, name: str, position: int, choice: Any, is_checked: bool) -> str:
    item_id = f"id_{_text(name)}_{position}"
    checked = ' checked="checked"' if is_checked else ""
    hint = getattr(choice, "hint", None)
    described_by = f' aria-describedby="{item_id}_hint"' if hint else ""
    hint_html = f'<span id="{item_id}_hint" class="govuk-hint govuk-{kind}__hint">{_text(hint)}</span>' if hint else ""
    divider = getattr(choice, "divider", None)
    divider_html = f'<div class="govuk-{kind}__divider">{_text(divider)}</div>' if divider else ""
    return (
        f'<div class="govuk-{kind}__item"><input type="{input_type}" name="{_text(name)}" '
        f'class="govuk-{kind}__input" id="{item_id}" value="{_text(choice[0])}"{checked}{described_by}>'
        f'<label class="govuk-label govuk-{kind}__label" for="{item_id}">{_text(choice[1])}</label>'
        f"{hint_html}</div>{divider_html}"
    )


def _widget_with_classes(field: BoundField, multivalue: bool = False) -> str:
    """The widget with the classes and descriptions crispy-forms-gds's `crispy_gds_field` gives it."""
    outer = field.field.widget
    widgets = getattr(outer, "widgets", [outer])
    if multivalue:
        subfields = getattr(field.field, "fields", [])
        error_widgets = [subfield.widget for subfield in subfields]
        error_count = sum(len(getattr(widget, "errors", [])) for widget in error_widgets)
    for index, widget in enumerate(widgets):
        classes = WIDGET_CLASSES.get(type(widget).__name__.lower(), type(widget).__name__.lower()).split()
        classes += [name for name in widget.attrs.get("class", "").split() if name not in classes]
        css_class = " ".join(classes)
        if hasattr(widget, "input_type") and "input_type" in widget.attrs:
            widget.input_type = widget.attrs.pop("input_type")
        if field.help_text and not multivalue:
            widget.attrs["aria-describedby"] = f"{field.auto_id}_hint"
        if field.errors:
            own_errors = getattr(error_widgets[index], "errors", None) if multivalue else None
            if type(widget).__name__ in ("Select", "TextInput", "Textarea"):
                if not multivalue or error_count == 0 or own_errors:
                    css_class += " govuk-input--error"
            elif type(widget).__name__ in ("FileInput", "ClearableFileInput"):
                css_class += " govuk-file-upload--error"
            if not field.help_text:
                widget.attrs["aria-describedby"] = ""
            for number, error in enumerate(field.errors, start=1):
                if multivalue and not (own_errors and error in own_errors):
                    continue
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = (
                    f"{described} " if described else ""
                ) + f"{field.auto_id}_{number}_error"
        widget.attrs["class"] = css_class
    return widget_html(field)


def widget_html(field: BoundField) -> str:
    """What `str(bound_field)` draws, with inputs, text areas, selects and the library's date boxes written
    here rather than through their templates; any other widget (a file input) is drawn by Django."""
    widget = field.field.widget
    if field.field.show_hidden_initial or widget.template_name not in WRITTEN_TEMPLATES:
        return str(field)
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if widget.template_name == DATE_TEMPLATE:
        return _date_boxes(context)
    return _input(context) if widget.template_name in INPUT_TEMPLATES else _one_widget(widget.template_name, context)


def _date_boxes(context: dict[str, Any]) -> str:
    """The library's date.html: each box under its own label (a "label" attribute the label takes away)."""
    boxes = []
    for box in context["subwidgets"]:
        box_attrs = dict(box["attrs"])
        label = box_attrs.pop("label", "")
        boxes.append(
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            f'<label class="govuk-label govuk-date-input__label" for="{_text(box["attrs"].get("id", ""))}">'
            f"{_text(label)}</label>{_input({**box, 'attrs': box_attrs})}</div></div>"
        )
    return f'<div class="govuk-date-input" id="{_text(context["attrs"].get("id", ""))}">{"".join(boxes)}</div>'


def _input(context: dict[str, Any]) -> str:
    value = "" if context["value"] is None else f' value="{_text(context["value"])}"'
    return f'<input type="{_text(context["type"])}" name="{_text(context["name"])}"{value}{_attrs(context["attrs"])}>'


def _one_widget(template_name: str, context: dict[str, Any]) -> str:
    """A text area or a select."""
    name = _text(context["name"])
    if template_name == "django/forms/widgets/textarea.html":
        return f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{_text(context["value"]) if context["value"] else ""}</textarea>'
    return f'<select name="{name}"{_attrs(context["attrs"])}>{_options(context["optgroups"])}\n</select>'


def _options(optgroups: Iterable[tuple[Any, list[dict[str, Any]], int]]) -> str:
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's widgets/attrs.html: `name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value: Any) -> str:
    """A value written into the page, escaped unless it is already safe markup (as `{{ value }}` does)."""
    return escaped(value if hasattr(value, "__html__") else _as_text(value))


def _as_text(value: Any) -> str:
    """The template filter `stringformat:"s"`, which the library compares choices with."""
    return "%s" % (value,)  # noqa: UP031 (the filter's own formatting: a tuple is one value)
