"""kidas.filtersets.FixedFormFilterSet: its form class is made once, each request gets its own form from it, and a
filter whose choices come from the request is refused when the class is made."""

from __future__ import annotations

import django_filters
import pytest
from django.http import QueryDict

from kidas.filtersets import FixedFormFilterSet
from referrals.apis import ReferralFilter
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_each_request_has_its_own_form_of_one_form_class() -> None:
    first = ReferralFilter(QueryDict("state=received"), queryset=Referral.objects.all())
    second = ReferralFilter(QueryDict("state=bogus"), queryset=Referral.objects.all())

    assert type(first.form) is type(second.form)
    assert first.form is not second.form
    assert first.is_valid()
    assert not second.is_valid()
    assert "state" in second.form.errors and "state" not in first.form.errors
    assert first.form.fields["state"] is not second.form.fields["state"]


def test_a_filter_whose_choices_come_from_the_request_is_refused() -> None:
    with pytest.raises(TypeError, match="takes its choices from the request"):

        class _ByTheUsersOwn(FixedFormFilterSet):
            district = django_filters.ModelChoiceFilter(queryset=lambda request: Referral.objects.none())

            class Meta:
                model = Referral
                fields = ["district"]
