"""The repeat rule on the survivor–perpetrator pair, as a table: a new referral within the repeat window of
the pair's last MARAC referral goes back to that MARAC whatever its risk level; after it, a new referral."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from marac.rules import PairMaracReferral, PairRepeat, marac_listing_for, pair_repeat
from referrals.risk import RiskLevel

SURVIVOR, OTHER_SURVIVOR = 1, 2
PERPETRATOR, OTHER_PERPETRATOR = 10, 11
SWALE, THANET = 100, 200
RECEIVED = date(2026, 11, 30)


def referred(
    on: date, *, case_id: int = 1, survivor: int = SURVIVOR, perpetrator: int = PERPETRATOR, marac: int = SWALE
) -> PairMaracReferral:
    return PairMaracReferral(
        case_id=case_id,
        marac_id=marac,
        marac_name="Swale MARAC" if marac == SWALE else "Thanet MARAC",
        survivor_id=survivor,
        perpetrator_id=perpetrator,
        perpetrator_name="Dean Harper",
        referred_on=on,
        reference=f"R{case_id:07d}",
    )


@pytest.mark.parametrize(
    ("earlier", "received_on", "repeat_of"),
    [
        ([referred(date(2025, 11, 30))], RECEIVED, 1),  # the last day inside the window: exactly 12 months
        ([referred(date(2025, 11, 29))], RECEIVED, None),  # the day after the window: a new referral
        ([referred(date(2025, 11, 30))], date(2026, 12, 1), None),  # the same referral a day later
        ([referred(date(2026, 6, 30))], RECEIVED, 1),  # five months ago
        ([referred(RECEIVED)], RECEIVED, 1),  # referred the same day
        ([referred(date(2026, 6, 30), perpetrator=OTHER_PERPETRATOR)], RECEIVED, None),  # a different perpetrator
        ([referred(date(2026, 6, 30), survivor=OTHER_SURVIVOR)], RECEIVED, None),  # same perpetrator, other survivor
        ([], RECEIVED, None),  # never at MARAC
        # The pair's LAST referral decides, whichever perpetrator the survivor's latest one was about.
        (
            [
                referred(date(2025, 3, 1), case_id=1),
                referred(date(2026, 2, 1), case_id=2, perpetrator=OTHER_PERPETRATOR),
            ],
            RECEIVED,
            None,
        ),
        ([referred(date(2025, 3, 1), case_id=1), referred(date(2026, 2, 1), case_id=2)], RECEIVED, 2),
        # A leap day: 12 months before 29 February 2028 is 28 February 2027.
        ([referred(date(2027, 2, 28))], date(2028, 2, 29), 1),
        ([referred(date(2027, 2, 27))], date(2028, 2, 29), None),
    ],
)
def test_it_finds_the_pairs_last_marac_referral_inside_the_window(
    earlier: list[PairMaracReferral], received_on: date, repeat_of: int | None
) -> None:
    repeat = pair_repeat(
        received_on=received_on, survivor_id=SURVIVOR, perpetrator_ids={PERPETRATOR}, earlier=earlier, window_months=12
    )
    assert (repeat.of.case_id if repeat else None) == repeat_of


@pytest.mark.parametrize(
    ("risk_level", "earlier", "goes", "marac", "is_repeat"),
    [
        (RiskLevel.STANDARD, [referred(date(2026, 6, 30))], True, SWALE, True),  # a standard-risk repeat
        (RiskLevel.MEDIUM, [referred(date(2026, 6, 30), marac=THANET)], True, THANET, True),  # to THAT MARAC
        (RiskLevel.HIGH, [referred(date(2026, 6, 30))], True, SWALE, True),
        (RiskLevel.STANDARD, [referred(date(2025, 11, 29))], False, None, False),  # after the window: not MARAC
        (RiskLevel.HIGH, [referred(date(2025, 11, 29))], True, None, False),  # high: new, district's MARAC
        (RiskLevel.STANDARD, [referred(date(2026, 6, 30), perpetrator=OTHER_PERPETRATOR)], False, None, False),
        (RiskLevel.HIGH, [], True, None, False),
    ],
)
def test_a_repeat_goes_to_marac_whatever_its_risk_level(
    risk_level: str, earlier: list[PairMaracReferral], goes: bool, marac: int | None, is_repeat: bool
) -> None:
    listing = marac_listing_for(
        risk_level=risk_level,
        received_on=RECEIVED,
        survivor_id=SURVIVOR,
        perpetrator_ids=[PERPETRATOR],
        earlier=earlier,
        window_months=12,
    )
    assert (listing is not None) is goes
    if listing is not None:
        assert listing.marac_id == marac
        assert (listing.repeat is not None) is is_repeat


def test_no_survivor_or_no_perpetrator_is_no_pair() -> None:
    earlier = [referred(date(2026, 6, 30))]
    assert pair_repeat(received_on=RECEIVED, survivor_id=None, perpetrator_ids={PERPETRATOR}, earlier=earlier) is None
    assert pair_repeat(received_on=RECEIVED, survivor_id=SURVIVOR, perpetrator_ids=(), earlier=earlier) is None


@override_settings(REPEAT_WINDOW_MONTHS=6)
def test_the_window_comes_from_the_setting() -> None:
    def repeat_of(on: date) -> PairRepeat | None:
        return pair_repeat(
            received_on=RECEIVED, survivor_id=SURVIVOR, perpetrator_ids={PERPETRATOR}, earlier=[referred(on)]
        )

    assert repeat_of(date(2026, 5, 29)) is None
    repeat = repeat_of(date(2026, 5, 30))
    assert repeat is not None and repeat.window_months == 6


def test_triage_reads_why() -> None:
    repeat = pair_repeat(
        received_on=RECEIVED, survivor_id=SURVIVOR, perpetrator_ids={PERPETRATOR}, earlier=[referred(date(2026, 6, 30))]
    )
    assert repeat is not None
    assert repeat.explanation == (
        "Repeat: the same survivor and alleged perpetrator (Dean Harper) were referred to Swale MARAC on "
        "30 June 2026 (R0000001), within the 12-month repeat window, so this referral goes back to Swale MARAC "
        "whatever its risk level."
    )
