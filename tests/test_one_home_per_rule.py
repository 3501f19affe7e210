"""Each rule is written once: the places that use it read the one definition."""

from __future__ import annotations

from referrals.models import Referral, referral_reference
from referrals.states import OPEN_CASE_STATES, State
from sla.stages import MARAC_STARTS, STARTS, STOPS


def test_the_caseload_indexes_cover_exactly_the_open_case_states() -> None:
    indexes = {index.name: index for index in Referral._meta.indexes}
    for name in ("open_cases_by_worker", "open_cases_by_provider"):
        condition = indexes[name].condition
        assert condition is not None
        ((lookup, states),) = condition.children
        assert lookup == "state__in"
        assert set(states) == {state.value for state in OPEN_CASE_STATES}


def test_every_state_a_clock_starts_or_stops_on_is_a_referral_state() -> None:
    named = set().union(MARAC_STARTS, *STARTS.values(), *STOPS.values())
    assert named <= set(State.values)
    assert all(isinstance(state, State) for state in named)


def test_a_referral_reference_is_r_and_seven_digits() -> None:
    assert referral_reference(42) == "R0000042"
    assert Referral(pk=42).reference == "R0000042"
