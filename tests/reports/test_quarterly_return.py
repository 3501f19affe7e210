"""The quarterly return over a handful of hand-checked referrals, each figure worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casework.models import RefugePlace
from providers.models import Area, Organisation
from reports.access import ReportScope
from reports.periods import financial_period
from reports.selectors import quarterly_return
from tests.reports.conftest import at

Q1_2025 = financial_period(2025, 1)  # April–June 2025; last year: April–June 2024


def test_it_counts_referrals_by_source_risk_and_district(hand_checked, django_assert_num_queries) -> None:
    with django_assert_num_queries(9):  # eight aggregates and the stored months (none stored yet)
        ret = quarterly_return(ReportScope(suppressed=False), Q1_2025)
    this, last = ret.this, ret.last
    assert this.received == 5  # r1, r2, r3, r4, r7
    assert this.by_source == {"police": 2, "self": 1, "health": 1, "housing": 1}
    assert this.by_risk == {"high": 2, "medium": 1, "standard": 1, "": 1}
    assert this.by_district == {"Swale": 3, "Thanet": 1, "Dover": 1}
    assert this.high_risk_passported == 1  # r1; r4 has no provider
    assert last.received == 1 and last.by_source == {"police": 1} and last.period.label == "2024/25 Q1"


def test_it_counts_entrants_marac_service_levels_and_outcomes(hand_checked) -> None:
    ret = quarterly_return(ReportScope(suppressed=False), Q1_2025)
    this, last = ret.this, ret.last
    assert (this.new_entrants, this.community_based, this.refuge_entrants) == (2, 1, 1)
    assert (last.new_entrants, last.community_based, last.refuge_entrants) == (1, 1, 0)
    assert (this.marac_cases, this.marac_repeats) == (2, 1)
    assert (this.stages["triage"].met, this.stages["triage"].missed) == (1, 1)
    assert (this.stages["provider_decision"].met, this.stages["provider_decision"].missed) == (0, 1)
    assert (last.stages["provider_decision"].met, last.stages["provider_decision"].missed) == (1, 0)
    assert this.closures == 2 and this.positive_closures == 2
    assert this.outcome_yes["cessation_of_abuse"] == 2 and this.outcome_asked["cessation_of_abuse"] == 2
    assert this.outcome_yes["reduction_in_risk"] == 1 and this.outcome_asked["reduction_in_risk"] == 2
    assert this.outcome_yes["feeling_safe"] == 0 and this.outcome_asked["feeling_safe"] == 1
    assert this.outcome_asked["wellbeing"] == 0
    assert last.closures == 0


def test_it_averages_the_daily_refuge_vacancy_rate(hand_checked) -> None:
    ret = quarterly_return(ReportScope(suppressed=False), Q1_2025)
    places = RefugePlace.objects.filter(in_use=True).count()
    # One bed taken from 1 May to the end of June: 61 of the quarter's 91 days.
    assert ret.this.refuge_vacancy_rate == pytest.approx(1 - 61 / (91 * places))
    assert ret.last.refuge_vacancy_rate == 1.0


def test_it_prices_clients_and_outcomes_from_the_contracts(hand_checked) -> None:
    ret = quarterly_return(ReportScope(suppressed=False), Q1_2025)
    # £365,000 a year is £1,000 a day; the quarter has 91 days.
    assert ret.this.funding == Decimal("91000.00")
    assert ret.this.contributions == {
        "Kent County Council": Decimal("72800.00"),
        "Police and Crime Commissioner": Decimal("18200.00"),
    }
    assert ret.this.cost_per_client == Decimal("45500.00")  # 2 new entrants
    assert ret.this.cost_per_positive_outcome == Decimal("45500.00")  # 2 closures with a yes
    assert ret.last.cost_per_client == Decimal("91000.00")
    assert ret.last.cost_per_positive_outcome is None


def test_it_narrows_to_an_area_or_a_provider(hand_checked) -> None:
    north = quarterly_return(ReportScope(area=Area.objects.get(slug="north"), suppressed=False), Q1_2025)
    assert north.this.received == 3 and north.this.by_district == {"Swale": 3}
    assert north.this.refuge_vacancy_rate is None  # refuges belong to providers, not areas
    assert north.this.funding == Decimal("91000.00")
    oasis = quarterly_return(ReportScope(provider=Organisation.objects.get(slug="oasis"), suppressed=False), Q1_2025)
    assert oasis.this.received == 0 and oasis.this.funding is None  # no contract: not recorded, not £0


def test_the_query_count_does_not_grow_with_the_data(make_referral, django_assert_num_queries) -> None:
    for day in range(1, 29):
        make_referral(at(date(2025, 5, day)), provider="centra", source="police", risk_level="high")
    centra = ReportScope(provider=Organisation.objects.get(slug="centra"), suppressed=True)
    with django_assert_num_queries(9):  # no month stored yet: no cells to read
        ret = quarterly_return(centra, Q1_2025)
    assert ret.this.received == 28


def test_a_past_periods_vacancy_counts_the_places_of_its_own_days(make_referral, episode) -> None:
    """The issue's 100% in a quarter when stays began: today's beds are not the places of a year ago."""
    oasis = Organisation.objects.get(slug="oasis")
    places = list(RefugePlace.objects.filter(refuge__provider=oasis))
    RefugePlace.objects.filter(refuge__provider=oasis).update(available_from=date(2025, 6, 1))  # opened 1 June
    closed = places[0]
    closed.in_use, closed.available_from, closed.available_until = False, None, date(2025, 4, 30)
    closed.save()
    referral = make_referral(at(date(2025, 4, 1)), district="thanet", provider="oasis", risk_level="high")
    episode(referral, "refuge", date(2025, 4, 1), place=closed, ended=date(2025, 5, 1))
    ret = quarterly_return(ReportScope(provider=oasis, suppressed=False), Q1_2025)
    # April: one place (the closed one), full; May: no place at all (not counted); June: the new places, empty.
    assert ret.this.refuge_vacancy_rate == pytest.approx((30 * 0.0 + 30 * 1.0) / 60)
    assert ret.last.refuge_vacancy_rate == 1.0  # a year before, only the place since closed existed: empty


@pytest.mark.parametrize(
    ("available_from", "available_until", "day", "counted"),
    [
        (None, None, date(2020, 1, 1), True),
        (date(2025, 6, 1), None, date(2025, 5, 31), False),
        (date(2025, 6, 1), None, date(2025, 6, 1), True),
        (None, date(2025, 4, 30), date(2025, 4, 30), True),
        (None, date(2025, 4, 30), date(2025, 5, 1), False),
    ],
)
def test_a_place_counts_between_its_dates(available_from, available_until, day, counted) -> None:
    from casework.refuge import Place, places_on

    assert places_on([Place(1, available_from, available_until)], day) == ({1} if counted else set())
