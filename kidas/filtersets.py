"""A django-filter FilterSet whose form is built once per class rather than once per request.

django-filter builds a new form class on every request from fresh copies of the filters' fields (a tenth of
a referral list API's time, spent copying fields that are the same for everyone). When no filter's field
depends on the request, the form class is the same every time; each request still makes its own form from
it (Django copies a form class's fields into each form it makes), so nothing one request gives a form is seen
by another."""

from __future__ import annotations

from typing import Any

import django_filters
from django_filters.filters import QuerySetRequestMixin
from django_filters.filterset import FilterSetMetaclass


class _FixedForm(FilterSetMetaclass):
    """Checks each class's filters once they are made (the metaclass makes them after the class)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        cls = super().__new__(mcs, name, bases, attrs)
        for field_name, filter_ in cls.base_filters.items():
            if isinstance(filter_, QuerySetRequestMixin) and callable(filter_.queryset):
                raise TypeError(f"{name}.{field_name} takes its choices from the request: use a FilterSet")
        cls._form_class = None
        return cls


class FixedFormFilterSet(django_filters.FilterSet, metaclass=_FixedForm):
    """A FilterSet whose filters' fields are the same for every request: no filter may take its choices from
    the request (a callable queryset), which would give one user's choices to another. Checked when the
    class is made."""

    _form_class: Any

    def get_form_class(self) -> Any:
        cls = type(self)
        if cls._form_class is None:
            cls._form_class = super().get_form_class()
        return cls._form_class
