"""New entrants are people entering the service in the period, not cases: one survivor with two cases
starting support in a quarter is one new entrant; someone whose support was already running when a new
case started is not entering; the definition is written on the return. Every case is counted both ways the
return may count them (in one pass for the county, episode by episode for a provider), with the same people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from accounts.models import User
from casework.models import SupportEpisode
from providers.models import Organisation
from referrals.models import Referral
from reports import selectors
from reports.access import ReportScope
from reports.periods import financial_period
from reports.selectors import NEW_ENTRANTS_DEFINITION, quarterly_return
from tests.household import link, person
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

Q1_2025 = financial_period(2025, 1)
MakeReferral = Callable[..., Referral]
Episode = Callable[..., SupportEpisode]


@pytest.fixture(autouse=True, params=["at_once", "one_by_one"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "_new_entrants", getattr(selectors, f"_new_entrants_{request.param}"))


def entrants(scope: ReportScope | None = None) -> tuple[int, int]:
    this = quarterly_return(scope or ReportScope(suppressed=False), Q1_2025).this
    return this.new_entrants, this.community_based


def test_two_cases_of_one_person_are_one_new_entrant(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    for day in (date(2025, 4, 3), date(2025, 5, 20)):
        referral = link(make_referral(at(day), provider="centra"), survivor=survivor)
        episode(referral, "outreach", day, ended=day)
    other = link(make_referral(at(date(2025, 4, 9)), provider="centra"), survivor=person())
    episode(other, "idva", date(2025, 4, 10))
    assert entrants() == (2, 2)  # 3 cases, 2 people


def test_someone_already_in_support_is_not_entering(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    before = link(make_referral(at(date(2025, 2, 1)), provider="centra"), survivor=survivor)
    episode(before, "outreach", date(2025, 2, 3))  # still running
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "idva", date(2025, 5, 2))
    assert entrants() == (0, 0)


def test_coming_back_after_support_ended_is_entering_again(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    before = link(make_referral(at(date(2024, 6, 1)), provider="centra"), survivor=survivor)
    episode(before, "outreach", date(2024, 6, 3), ended=date(2024, 12, 20))
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "refuge", date(2025, 5, 2))
    assert entrants() == (1, 0)  # entered through a refuge: not community-based


def test_support_running_with_another_provider_means_she_is_not_entering(
    make_referral: MakeReferral, episode: Episode
) -> None:
    survivor = person()
    before = link(make_referral(at(date(2024, 9, 1)), provider="oasis"), survivor=survivor)
    episode(before, "outreach", date(2024, 9, 3), ended=date(2025, 5, 31))  # still running on 2 May
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "idva", date(2025, 5, 2))
    unknown = make_referral(at(date(2025, 6, 1)), provider="centra")  # not yet linked: her own person
    episode(unknown, "idva", date(2025, 6, 2))
    centra = ReportScope(provider=Organisation.objects.get(slug="centra"), suppressed=False)
    assert entrants() == (1, 1) and entrants(centra) == (1, 1)


def test_the_return_says_what_a_new_entrant_is(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    page = client.get("/reports/return/").content.decode()
    assert NEW_ENTRANTS_DEFINITION.split(":")[0] in page
    assert "Each person counts once" in page
