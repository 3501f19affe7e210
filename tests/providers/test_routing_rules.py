"""The routing table: which provider and service, from the rules in force on the day. Pure."""

from __future__ import annotations

from datetime import date

import pytest

from providers.routing import Outcome, RuleRow, SignpostRow, choose_route

NORTH, WEST, EAST = 1, 2, 3
VS, CENTRA, LOOK_AHEAD, DAVSS, OASIS, NEW_PROVIDER = 10, 11, 12, 13, 14, 15
OUTREACH, IDVA, EARLY = 20, 21, 22
START, END = date(2017, 4, 1), date(2026, 3, 31)

RULES = [
    RuleRow(1, "standard", None, VS, EARLY, START, None),
    RuleRow(2, "medium", NORTH, CENTRA, OUTREACH, START, None),
    RuleRow(3, "high", NORTH, CENTRA, IDVA, START, None),
    RuleRow(4, "medium", WEST, DAVSS, OUTREACH, START, None),
    RuleRow(5, "high", WEST, LOOK_AHEAD, IDVA, START, None),
    RuleRow(6, "medium", EAST, OASIS, OUTREACH, START, END),  # a contract that ended
    RuleRow(7, "medium", EAST, NEW_PROVIDER, OUTREACH, date(2026, 4, 1), None),  # and its successor
]


@pytest.mark.parametrize(
    ("area", "risk", "day", "provider", "service", "marac"),
    [
        (NORTH, "standard", date(2026, 11, 23), VS, EARLY, False),
        (WEST, "standard", date(2026, 11, 23), VS, EARLY, False),
        (NORTH, "medium", date(2026, 11, 23), CENTRA, OUTREACH, False),
        (NORTH, "high", date(2026, 11, 23), CENTRA, IDVA, True),
        (WEST, "medium", date(2026, 11, 23), DAVSS, OUTREACH, False),
        (WEST, "high", date(2026, 11, 23), LOOK_AHEAD, IDVA, True),
        (EAST, "medium", date(2026, 3, 31), OASIS, OUTREACH, False),  # last day of the old contract
        (EAST, "medium", date(2026, 4, 1), NEW_PROVIDER, OUTREACH, False),  # first day of the new one
    ],
)
def test_it_routes_by_the_rule_in_force_on_the_day(
    area: int, risk: str, day: date, provider: int, service: int, marac: bool
) -> None:
    decision = choose_route(rules=RULES, area_id=area, risk_level=risk, on_date=day, consent=True)
    assert decision.outcome is Outcome.PROVIDER
    assert decision.rule is not None
    assert (decision.rule.provider_id, decision.rule.service_id) == (provider, service)
    assert decision.refer_to_marac is marac


@pytest.mark.parametrize(
    ("area", "risk", "day", "consent", "outcome", "marac"),
    [
        (None, "high", date(2026, 11, 23), True, Outcome.MANUAL, False),  # no district: never guess
        (EAST, "high", date(2026, 11, 23), True, Outcome.MANUAL, False),  # no rule for east high here
        (EAST, "medium", date(2017, 3, 31), True, Outcome.MANUAL, False),  # before any contract
        (NORTH, "medium", date(2026, 11, 23), False, Outcome.NO_ONWARD_REFERRAL, False),
        (NORTH, "standard", date(2026, 11, 23), False, Outcome.NO_ONWARD_REFERRAL, False),
        (NORTH, "high", date(2026, 11, 23), False, Outcome.MARAC_ONLY, True),  # without consent only to MARAC
    ],
)
def test_it_never_guesses(area: int | None, risk: str, day: date, consent: bool, outcome: Outcome, marac: bool) -> None:
    decision = choose_route(rules=RULES, area_id=area, risk_level=risk, on_date=day, consent=consent)
    assert decision.outcome is outcome
    assert decision.refer_to_marac is marac
    assert decision.explanation


def test_an_area_rule_beats_a_county_rule() -> None:
    rules = [*RULES, RuleRow(8, "standard", WEST, DAVSS, OUTREACH, START, None)]
    decision = choose_route(rules=rules, area_id=WEST, risk_level="standard", on_date=date(2026, 1, 1), consent=True)
    assert decision.rule is not None and decision.rule.id == 8


MEDWAY, MEDWAY_SERVICE = 30, 40
SIGNPOSTS = [SignpostRow(1, MEDWAY, MEDWAY_SERVICE, "Medway Domestic Abuse Service", START, None)]


@pytest.mark.parametrize(
    ("risk", "consent", "outcome", "marac"),
    [
        ("high", True, Outcome.SIGNPOSTED, True),  # to the district's own MARAC, and signposted
        ("medium", True, Outcome.SIGNPOSTED, False),
        ("standard", True, Outcome.SIGNPOSTED, False),
        ("high", False, Outcome.SIGNPOSTED, True),  # high risk goes to MARAC whatever the consent
        ("medium", False, Outcome.NO_ONWARD_REFERRAL, False),
    ],
)
def test_a_district_outside_kidas_is_signposted_by_its_rule(
    risk: str, consent: bool, outcome: Outcome, marac: bool
) -> None:
    decision = choose_route(
        rules=RULES,
        area_id=None,
        risk_level=risk,
        on_date=date(2026, 11, 23),
        consent=consent,
        district_id=MEDWAY,
        signposts=SIGNPOSTS,
    )
    assert decision.outcome is outcome
    assert decision.refer_to_marac is marac
    if outcome is Outcome.SIGNPOSTED:
        assert decision.signpost is not None and decision.signpost.organisation_id == MEDWAY_SERVICE
        assert decision.explanation == "Outside KIDAS: signposted to Medway Domestic Abuse Service."


def test_a_district_outside_kidas_without_a_rule_in_force_is_never_guessed() -> None:
    ended = [SignpostRow(1, MEDWAY, MEDWAY_SERVICE, "Medway Domestic Abuse Service", START, END)]
    decision = choose_route(
        rules=RULES,
        area_id=None,
        risk_level="high",
        on_date=date(2026, 11, 23),
        consent=True,
        district_id=MEDWAY,
        signposts=ended,
    )
    assert decision.outcome is Outcome.MANUAL
    assert "no signpost rule is in force" in decision.explanation
