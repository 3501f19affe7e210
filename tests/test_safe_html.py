"""kidas.safe_html writes what Django's own format_html and conditional_escape write, for every kind of value
a row of markup passes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import html as django_html
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from kidas import safe_html

lazy_text = lazy(lambda: "<b>lazy</b> & 'quoted'", str)()
lazy_safe = lazy(lambda: mark_safe("<b>already safe</b>"), SafeString)()  # noqa: S308 (a test constant)

VALUES = [
    "plain",
    "<script>alert('x')</script> & \"quotes\"",
    mark_safe('<strong class="govuk-tag">safe</strong>'),  # noqa: S308 (a test constant)
    "",
    0,
    42,
    None,
    Decimal("1.50"),
    date(2026, 12, 1),
    gettext_lazy("Not known"),
    lazy_text,
    lazy_safe,
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_is_escaped_as_django_escapes_it(value: object) -> None:
    assert safe_html.escaped(value) == str(django_html.conditional_escape(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_row_is_written_as_django_writes_it(value: object) -> None:
    row = '<td class="govuk-table__cell" title="{}">{}</td>{}'
    ours = safe_html.format_html(row, value, value, "<i>")
    assert ours == django_html.format_html(row, value, value, "<i>")
    assert isinstance(ours, SafeString)
