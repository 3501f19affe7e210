"""A list's links are reversed once per page (kidas.url_makers): the same addresses as Django's reverse."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kidas.url_makers import url_for_id


@pytest.mark.parametrize("name", ["referrals:detail", "marac:case", "marac:case-add-to-agenda", "marac:meeting"])
@pytest.mark.parametrize("pk", [1, 42, 987654, 9_876_543_211])
def test_an_address_made_once_is_the_address_reverse_gives(name: str, pk: int) -> None:
    assert url_for_id(name)(pk) == reverse(name, args=[pk])
