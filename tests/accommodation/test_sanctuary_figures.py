"""The quarter's safe accommodation figures: the sanctuary scheme (referrals, completed, completed in one
visit, by tenure, male survivors) and households and children in each kind of safe accommodation, each
shown with its definition and with small numbers protected for those outside the provider."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accommodation.sanctuary.figures import safe_accommodation_by_kind, sanctuary_figures
from accommodation.sanctuary.models import SanctuaryReferral, SanctuaryState, Tenure
from accounts.models import Role
from casework.models import SupportEpisode
from providers.models import Organisation, Service
from referrals.models import LivesInHousehold, Referral, ReferralChild
from reports.access import ReportScope
from reports.periods import financial_period
from reports.safe_accommodation import safe_accommodation_tables
from tests.factories import ReferralFactory, user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Q3 = financial_period(2026, 3)  # October to December 2026
S = SanctuaryState


def new_referral(**fields: Any) -> Referral:
    made: Referral = ReferralFactory.create(**fields)
    return made


def household(children: int = 0, away: int = 0, gender: str = "woman") -> Referral:
    referral = link(new_referral(gender=gender), survivor=person(), children=[person() for _ in range(children)])
    for _ in range(away):
        ReferralChild.objects.create(referral=referral, person=person(), lives_in_household=LivesInHousehold.NO)
    return referral


def sanctuary(
    referral: Referral,
    referred: date,
    state: SanctuaryState,
    *,
    tenure: str = "",
    assessed: date | None = None,
    installed: date | None = None,
    completed: date | None = None,
    provider: str = "look-ahead",
) -> SanctuaryReferral:
    with time_machine.travel(datetime(referred.year, referred.month, referred.day, 12, tzinfo=LONDON), tick=False):
        return SanctuaryReferral.objects.create(
            referral=referral,
            survivor_id=referral.survivor_id,
            provider=Organisation.objects.get(slug=provider),
            male_survivor=referral.gender == "man",
            referred_by=user_in("victim-support", Role.TRIAGE_WORKER),
            state=state,
            tenure=tenure,
            assessed_on=assessed,
            installed_on=installed,
            completed_on=completed,
        )


@pytest.fixture
def quarter(ref: None) -> dict[str, Any]:
    d = date
    a = household(children=2, gender="man")
    b = household(children=1, away=1)
    c = household()
    sanctuary(
        a,
        d(2026, 10, 5),
        S.COMPLETED,
        tenure=Tenure.OWNER,
        assessed=d(2026, 10, 6),
        installed=d(2026, 10, 6),
        completed=d(2026, 10, 6),
    )
    sanctuary(
        b,
        d(2026, 11, 1),
        S.COMPLETED,
        tenure=Tenure.PRIVATE_TENANT,
        assessed=d(2026, 11, 3),
        installed=d(2026, 11, 10),
        completed=d(2026, 11, 20),
    )
    # Referred last quarter, completed in this one, in one visit.
    sanctuary(
        c,
        d(2026, 9, 20),
        S.COMPLETED,
        tenure=Tenure.SOCIAL_TENANT,
        assessed=d(2026, 10, 2),
        installed=d(2026, 10, 2),
        completed=d(2026, 10, 2),
    )
    sanctuary(household(), d(2026, 12, 1), S.DECLINED)
    sanctuary(
        household(children=3),
        d(2026, 11, 15),
        S.ASSESSED,
        tenure=Tenure.OWNER,
        assessed=d(2026, 11, 16),
        provider="oasis",
    )
    # Another quarter altogether.
    sanctuary(
        household(),
        d(2027, 1, 10),
        S.COMPLETED,
        tenure=Tenure.OWNER,
        assessed=d(2027, 1, 11),
        installed=d(2027, 1, 11),
        completed=d(2027, 1, 11),
    )
    # A move-on service and the male refuge, running in the quarter; a refuge stay that ended before it.
    worker = user_in("centra", Role.PROVIDER_WORKER)
    for referral, slug, start, end in (
        (household(children=2), "resettlement", d(2026, 9, 1), None),
        (a, "male-refuge", d(2026, 12, 30), None),
        (household(children=1), "refuge", d(2026, 8, 1), d(2026, 9, 30)),
    ):
        SupportEpisode.objects.create(
            referral=referral, service=Service.objects.get(slug=slug), started_on=start, ended_on=end, started_by=worker
        )
    return {}


def test_the_sanctuary_scheme_figures_of_a_quarter(quarter: Any) -> None:
    figures = sanctuary_figures(Q3.start, date(2026, 12, 31))
    assert (figures.referrals, figures.completed, figures.completed_in_one_visit, figures.male_survivor_referrals) == (
        4,
        3,
        2,
        1,
    )
    assert figures.completed_by_tenure == {"Owner-occupier": 1, "Private tenant": 1, "Social housing tenant": 1}
    oasis = sanctuary_figures(Q3.start, date(2026, 12, 31), provider_id=Organisation.objects.get(slug="oasis").pk)
    assert (oasis.referrals, oasis.completed) == (1, 0)


@pytest.mark.parametrize(
    ("kind", "households", "children"),
    [
        ("Refuge", 0, 0),  # the stay ended before the quarter
        ("Sanctuary", 4, 6),  # a's 2, b's 1 (not the one living elsewhere), the Oasis home's 3
        ("Secondary or move-on", 1, 2),
        ("Specialist", 1, 2),  # the male refuge: a, also a SAFER home, counts in both
    ],
)
def test_households_and_children_in_each_kind_of_safe_accommodation(
    quarter: Any, kind: str, households: int, children: int
) -> None:
    found = safe_accommodation_by_kind(Q3.start, date(2026, 12, 31))[kind]
    assert (found.households, found.children) == (households, children)


def test_a_survivor_with_two_cases_is_one_household(ref: None) -> None:
    survivor = person()
    first, second = (link(new_referral(), survivor=survivor) for _ in range(2))
    for referral in (first, second):
        sanctuary(referral, date(2026, 10, 1), S.ASSESSED, assessed=date(2026, 10, 2))
    assert safe_accommodation_by_kind(Q3.start, date(2026, 12, 31))["Sanctuary"].households == 1


def test_the_return_shows_each_figure_with_its_definition_and_protects_small_numbers(quarter: Any) -> None:
    tables = {t.slug: t for t in safe_accommodation_tables(ReportScope(suppressed=True), Q3)}
    safer = tables["sanctuary-scheme"]
    shown = {row[0]: row[1] for row in safer.rows}
    assert shown["SAFER referrals"] == "<5" and shown["SAFER completed: Owner-occupier"] == "<5"
    assert {row[0]: row[1:] for row in tables["safe-accommodation-kinds"].rows}["Sanctuary"] == ["<5", "5"]
    for table in tables.values():
        defined = {label for label, _ in table.definitions}
        assert "This table" in defined or table.slug == "safe-accommodation", table.slug
        missing = [row[0] for row in table.rows if row[0] not in defined and table.slug != "refuge-requests"]
        assert not missing, f"{table.slug}: no definition for {missing}"
    exact = {t.slug: t for t in safe_accommodation_tables(ReportScope(suppressed=False), Q3)}
    assert {row[0]: row[1] for row in exact["sanctuary-scheme"].rows}["SAFER referrals"] == "4"
    # An area has no safe accommodation tables: refuges and the scheme serve the county.
    from providers.models import Area

    assert safe_accommodation_tables(ReportScope(area=Area.objects.get(slug="north")), Q3) == []
