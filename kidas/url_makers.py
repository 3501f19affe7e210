"""Addresses of many records on one page, reversed once: Django's `reverse` looked each one up again, and a
list of a hundred rows with two links each spent more on them than on writing the rows."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# Stands for the record's id while the address is reversed: a number no URL holds otherwise.
_ANY_ID = 9_876_543_210


def url_for_id(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for any `pk`, the route looked up once (call it once per page)."""
    before, after = reverse(name, args=[_ANY_ID]).split(str(_ANY_ID))
    return lambda pk: f"{before}{pk}{after}"
