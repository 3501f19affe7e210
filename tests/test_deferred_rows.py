"""A listed model's row read with some columns only (kidas.models.DeferredRows) is the instance Django makes:
the same values, the same fields deferred, read from the database when asked for."""

from __future__ import annotations

import pytest
from django.db import models

from kidas.models import DeferredRows
from marac.models import MaracReferral
from referrals.models import Referral, ReferralChild
from sla.models import Clock
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def loaded(instance: models.Model) -> dict[str, object]:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


@pytest.mark.parametrize(
    "columns",
    [
        {"id", "first_name", "last_name", "state"},
        {"id", "received_at", "risk_level", "provider_id", "district_id", "code_word"},
        {"id"},
    ],
)
def test_a_referral_read_with_some_columns_is_the_one_django_makes(ref, columns: set[str]) -> None:
    referral = ReferralFactory()
    names = [field.attname for field in Referral._meta.concrete_fields if field.attname in columns]  # Django's order
    values = list(Referral.objects.filter(pk=referral.pk).values_list(*names).get())

    ours = Referral.from_db("default", names, values)
    djangos = models.Model.from_db.__func__(Referral, "default", names, values)

    assert loaded(ours) == loaded(djangos)
    assert ours.get_deferred_fields() == djangos.get_deferred_fields()
    assert (ours._state.adding, ours._state.db) == (False, "default")


def test_a_field_left_out_is_read_when_asked_for(ref) -> None:
    referral = ReferralFactory()
    whole = Referral.objects.get(pk=referral.pk)
    some = Referral.objects.only("first_name", "state").get(pk=referral.pk)

    assert "last_name" in some.get_deferred_fields() and not whole.get_deferred_fields()
    assert (some.first_name, some.last_name, some.received_at) == (whole.first_name, whole.last_name, whole.received_at)


def test_a_row_of_other_columns_than_it_names_is_refused(ref) -> None:
    with pytest.raises(ValueError):
        Referral.from_db("default", ["id", "first_name"], [1])


@pytest.mark.parametrize("model", [Referral, ReferralChild, MaracReferral, Clock])
def test_every_model_the_lists_read_makes_its_rows_so(model: type[models.Model]) -> None:
    assert model.from_db.__func__ is DeferredRows.from_db.__func__
