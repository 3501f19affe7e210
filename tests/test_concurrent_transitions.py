"""kidas.fsm.ConcurrentTransitions finds a model's state fields once per class; a save still checks the state it
read (the race itself: tests/referrals/test_race.py)."""

from __future__ import annotations

import pytest
from django_fsm import ConcurrentTransition, FSMFieldMixin

from accommodation.children_service_models import ChildCase
from casework.models import StepDown
from referrals.models import Referral


@pytest.mark.parametrize("model", [Referral, StepDown, ChildCase])
def test_a_model_keeps_the_state_fields_the_library_would_find(model) -> None:
    library = [field for field in model._meta.fields if isinstance(field, FSMFieldMixin)]
    assert list(model().state_fields) == library
    assert library  # each has one


@pytest.mark.django_db
def test_a_save_over_a_state_changed_since_it_was_read_is_refused(routed_case) -> None:
    read = Referral.objects.get(pk=routed_case())
    Referral.objects.filter(pk=read.pk).update(state="declined")
    read.last_name = "Stale"
    with pytest.raises(ConcurrentTransition):
        read.save()
