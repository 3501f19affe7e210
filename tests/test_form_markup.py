"""Forms are drawn in crispy-forms-gds's markup (kidas/form_markup.py): every form of the project, and a form
with every kind of field, draws the same elements, attributes and text as the library, whitespace aside,
unbound, filled in, and with errors."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe

from kidas.forms import gds_helper

PROJECT_PACKAGES = (
    "accommodation", "accounts", "audit", "capacity", "casework", "intake", "marac", "monitoring", "people",
    "providers", "referrals", "reports", "sla", "waiting",
)  # fmt: skip


class _Tokens(HTMLParser):
    """An element's tag and attributes (classes as a set of words), and its text with whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tidy = {name: " ".join(value.split()) if name == "class" and value else value for name, value in attrs}
        self.tokens.append(f"<{tag} {sorted(tidy.items(), key=str)}>")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if text := " ".join(data.split()):
            self.tokens.append(text)


def tokens(html: str) -> list[str]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def drawn(source: str, form: forms.BaseForm) -> list[str]:
    return tokens(Template(source).render(Context({"form": form})))


def library_form(form: forms.BaseForm) -> list[str]:
    return drawn("{% load crispy_forms_tags %}{% crispy form %}", form)


def library_fields(form: forms.BaseForm) -> list[str]:
    return drawn("{% load crispy_forms_tags %}{% for field in form %}{{ field|as_crispy_field }}{% endfor %}", form)


def our_form(form: forms.BaseForm) -> list[str]:
    return drawn("{% gds_form form %}", form)


def our_fields(form: forms.BaseForm) -> list[str]:
    return drawn("{% for field in form %}{{ field|gds_field }}{% endfor %}", form)


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Full name", help_text="As she <em>gives</em> it")
    email = forms.EmailField(label="Email", required=False)
    password = forms.CharField(widget=forms.PasswordInput, label="Password")
    adults = forms.IntegerField(label="Adults", min_value=1)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Notes", help_text="Say why")
    district = forms.ChoiceField(
        label="District", choices=[("", "Select one"), ("n", "North & East"), ("s", "South")], required=False
    )
    grouped = forms.ChoiceField(label="Grouped", choices=[("Areas", [("a", "A"), ("b", "B")]), ("c", "C")])
    level = forms.ChoiceField(
        label="Risk level?", widget=forms.RadioSelect, choices=[("high", "High"), ("medium", "Medium <b>")]
    )
    counted = forms.TypedChoiceField(
        label="How many?", widget=forms.RadioSelect, choices=[(1, "One"), (2, "Two")], coerce=int, help_text="Pick"
    )
    needs = forms.MultipleChoiceField(
        label="Needs", widget=forms.CheckboxSelectMultiple, choices=[("a", "Access"), ("b", "Language")]
    )
    agreed = forms.BooleanField(label="I agree", help_text="Tick to agree")
    optional_tick = forms.BooleanField(label="Optional", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    born_on = DateInputField(label="Date of birth", help_text="For example, 27 3 1985")
    due_on = DateInputField(label="Due", required=False)
    on = forms.DateField(label="On", widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(label="At", widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    upload = forms.FileField(label="File", required=False)
    marked = forms.CharField(label=mark_safe("Label <abbr>HTML</abbr>"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


STATES: dict[str, Callable[[], forms.Form]] = {
    "unbound": EveryKindOfField,
    "initial": lambda: EveryKindOfField(
        initial={
            "name": 'Ann "A" <Lee>',
            "level": "medium",
            "counted": 2,
            "needs": ["b"],
            "agreed": True,
            "born_on": date(1985, 3, 27),
            "district": "n",
            "notes": "Some & more",
        }  # fmt: skip
    ),
    "empty, every error": lambda: EveryKindOfField(data={}),
    "filled in wrongly": lambda: EveryKindOfField(
        data={
            "name": "<script>",
            "email": "not-an-email",
            "adults": "0",
            "district": "x",
            "grouped": "b",
            "level": "none",
            "counted": "2",
            "needs": ["b", "z"],
            "agreed": "on",
            "born_on_0": "31",
            "born_on_1": "2",
            "born_on_2": "1985",
            "on": "soon",
            "at": "25:00",
            "token": "t&t",
        }  # fmt: skip
    ),
    "valid": lambda: EveryKindOfField(
        data={
            "name": "Ann",
            "password": "x",
            "adults": "2",
            "notes": "n",
            "grouped": "c",
            "level": "high",
            "counted": "1",
            "needs": ["a"],
            "agreed": "on",
            "born_on_0": "27",
            "born_on_1": "3",
            "born_on_2": "1985",
            "on": "2026-01-02",
        }  # fmt: skip
    ),
}


@pytest.mark.parametrize("state", STATES)
def test_every_kind_of_field_is_drawn_as_the_library_draws_it(state: str) -> None:
    make = STATES[state]
    assert our_form(_validated(make)) == library_form(_validated(make))
    assert our_fields(_validated(make)) == library_fields(_validated(make))


def _validated(make: Callable[[], forms.BaseForm]) -> forms.BaseForm:
    form = make()
    if form.is_bound:
        form.is_valid()
    return form


def test_the_form_draws_its_text_escaped_and_its_labels_as_written() -> None:
    html = Template("{% gds_form form %}").render(Context({"form": _validated(STATES["filled in wrongly"])}))
    assert 'value="&lt;script&gt;"' in html
    assert "Medium &lt;b&gt;" in html
    assert "Label <abbr>HTML</abbr>" in html
    assert "As she <em>gives</em> it" in html  # help text is the page's own markup, as in the library


def _project_form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if "forms" not in module_info.name.rsplit(".", 1)[-1] or ".migrations" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


@pytest.mark.django_db
def test_every_project_form_that_stands_alone_is_drawn_as_the_library_draws_it() -> None:
    """Each form that can be made without arguments, unbound and submitted empty (every required field's
    error); forms that need a user or a case are drawn by the pages' own tests and end-to-end journeys."""
    compared = []
    for cls in _project_form_classes():
        try:
            cls()
        except (TypeError, ValueError):  # it needs a user, a case or a model: not a form that stands alone
            continue
        submitted_empty = functools.partial(_validated, functools.partial(cls, data={}))
        for make in (cls, submitted_empty):
            assert our_fields(make()) == library_fields(make()), cls
            if getattr(make(), "helper", None) is not None:
                assert our_form(make()) == library_form(make()), cls
        compared.append(cls)
    assert len(compared) >= 20, [cls.__name__ for cls in compared]
