"""Eligibility for the sanctuary scheme, as a table: the perpetrator does not live there, a tenure the scheme
serves, the survivor's consent. An answer not given or "not known" leaves it undecided, never eligible and
never not eligible by default."""

from __future__ import annotations

import pytest

from accommodation.sanctuary.rules import NO_CONSENT, PERPETRATOR_LIVES_THERE, Decision, eligibility

E, NOT, YET = Decision.ELIGIBLE, Decision.NOT_ELIGIBLE, Decision.NOT_YET


@pytest.mark.parametrize(
    ("perpetrator_lives_there", "tenure", "consent", "decision"),
    [
        ("no", "owner", "yes", E),
        ("no", "private_tenant", "yes", E),
        ("no", "social_tenant", "yes", E),
        ("yes", "owner", "yes", NOT),
        ("no", "owner", "no", NOT),
        ("yes", "not_known", "not_known", NOT),  # a known "no" settles it whatever else is unknown
        ("not_known", "owner", "yes", YET),
        ("no", "not_known", "yes", YET),
        ("no", "owner", "not_known", YET),
        ("", "", "", YET),  # nothing asked yet: not eligible yet, not ineligible by default
        ("no", "", "yes", YET),
    ],
)
def test_it_decides_eligibility_from_the_three_answers(
    perpetrator_lives_there: str, tenure: str, consent: str, decision: Decision
) -> None:
    found = eligibility(perpetrator_lives_there=perpetrator_lives_there, tenure=tenure, consent=consent)
    assert found.decision is decision


def test_it_says_why_not_and_what_is_still_to_find_out() -> None:
    both = eligibility(perpetrator_lives_there="yes", tenure="owner", consent="no")
    assert both.reasons == (PERPETRATOR_LIVES_THERE, NO_CONSENT)
    waiting = eligibility(perpetrator_lives_there="not_known", tenure="", consent="yes")
    assert waiting.missing == ("whether the perpetrator lives there", "the tenure")
    assert "Still to find out" in waiting.explain()
