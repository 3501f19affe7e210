"""Who did what, named as the app names a user everywhere (their full name, else their username), read for a
whole list of records at once."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from accounts.selectors import names_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_author_is_named_once_in_one_statement(django_assert_num_queries: Any) -> None:
    named: User = UserFactory(first_name="Grace", last_name="Adeyemi")  # type: ignore[assignment]
    unnamed: User = UserFactory(username="intake.bot", first_name="", last_name="")  # type: ignore[assignment]
    with django_assert_num_queries(1):
        names = names_of([named.pk, None, unnamed.pk, named.pk])
    assert names == {named.pk: "Grace Adeyemi", unnamed.pk: "intake.bot"}
    assert names.get(None, "the system") == "the system"


def test_nobody_to_name_reads_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert names_of([None]) == {}
