"""kidas.db.paging.ShortListPaginator pages a list as Django's Paginator does, and counts a list only when its
first page does not hold all of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from kidas.db.paging import ShortListPaginator
from tests.factories import UserFactory

_DjangoPaginator: Any = Paginator  # generic in django-stubs only


def _seen(page) -> tuple:
    return (
        list(page),
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.parametrize("length", [0, 1, 4, 5, 6, 11])
@pytest.mark.parametrize("asked", [None, "1", 1, " 1", "2", 3, "last", "x", "0", "-1", "99"])
def test_every_page_is_the_one_djangos_paginator_gives(length: int, asked: int | str | None) -> None:
    rows = list(range(length))
    ours, theirs = ShortListPaginator(rows, 5), _DjangoPaginator(rows, 5)
    assert _seen(ours.get_page(asked)) == _seen(theirs.get_page(asked))


@pytest.mark.parametrize("asked", [1, "1", 2])
def test_a_page_asked_for_outright_is_djangos_or_djangos_refusal(asked: int | str) -> None:
    ours, theirs = (
        ShortListPaginator([], 5, allow_empty_first_page=False),
        _DjangoPaginator([], 5, allow_empty_first_page=False),
    )
    with pytest.raises(EmptyPage):
        theirs.page(asked)
    with pytest.raises(EmptyPage):
        ours.page(asked)


def _counts(queries: CaptureQueriesContext) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.django_db
def test_a_list_its_first_page_holds_is_read_once_and_not_counted() -> None:
    UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        page = ShortListPaginator(User.objects.order_by("pk"), 5).get_page(None)
    assert page.paginator.count == len(page) == User.objects.count()
    assert len(queries.captured_queries) == 1 and _counts(queries) == 0


@pytest.mark.django_db
def test_a_longer_list_is_counted_as_before() -> None:
    UserFactory.create_batch(7)
    with CaptureQueriesContext(connection) as queries:
        page = ShortListPaginator(User.objects.order_by("pk"), 5).get_page("1")
    assert len(page) == 5 and page.has_next() and page.paginator.count == User.objects.count()
    assert _counts(queries) == 1
