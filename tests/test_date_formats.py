"""The dates every page writes (kidas.formats) read exactly as Django's `date` filter wrote them, in the
service's local time on either side of the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.template import Context, Template

from kidas.formats import short_date, short_date_time

WHEN = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the last minute of GMT
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # the first of BST
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # 00:30 on the 25th in London
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 7, 4, 9, 5),  # naive: shown as it is
]


def django_wrote(value: Any, date_format: str) -> str:
    """What a template wrote with Django's own filter (the template converts to local time)."""
    return Template(f'{{{{ value|date:"{date_format}" }}}}').render(Context({"value": value}))


@pytest.mark.parametrize("value", [*WHEN, *(datetime(2026, month, 9, 12, tzinfo=UTC) for month in range(1, 13))])
def test_a_date_and_time_reads_as_django_wrote_it(value: datetime) -> None:
    assert short_date_time(value) == django_wrote(value, "j M Y H:i")
    assert short_date(value) == django_wrote(value, "j M Y")


@pytest.mark.parametrize("value", [date(2026, 1, 1), date(2026, 9, 30), date(1999, 12, 31)])
def test_a_date_reads_as_django_wrote_it(value: date) -> None:
    assert short_date(value) == django_wrote(value, "j M Y")
    assert short_date_time(value) == ""  # a date has no time to show (Django's filter raised TypeError)


@pytest.mark.parametrize("value", [None, "", "2026-01-01", 0])
def test_no_date_reads_as_nothing(value: Any) -> None:
    assert short_date(value) == short_date_time(value) == ""


def test_every_template_may_use_them_without_loading_them() -> None:
    when = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    page = Template("{{ when|short_date }} at {{ when|short_date_time }}").render(Context({"when": when}))
    assert page == "1 Jun 2026 at 1 Jun 2026 09:00"
