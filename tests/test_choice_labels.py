"""kidas.models.ChoiceLabels: a model's get_FOO_display() says what Django's says, from labels gathered once."""

from __future__ import annotations

import pytest

from marac.models import MaracReferral
from referrals.models import Referral, ReferralChild
from referrals.states import State
from sla.models import Clock


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Referral, "state"),
        (Referral, "source"),
        (ReferralChild, "lives_in_household"),
        (MaracReferral, "reason"),
        (Clock, "stage"),
    ],
)
def test_every_choice_is_labelled_as_django_labels_it(model, field) -> None:
    choices = model._meta.get_field(field).flatchoices
    assert choices
    for value, label in choices:
        shown = getattr(model(**{field: value}), f"get_{field}_display")()
        assert shown == str(label)
        assert type(shown) is str  # a lazy label is made text, as Django makes it


def test_a_value_without_a_label_is_shown_as_it_is() -> None:
    assert Referral(state="not_a_state").get_state_display() == "not_a_state"
    assert Referral(state=State.RECEIVED).get_state_display() == State.RECEIVED.label
