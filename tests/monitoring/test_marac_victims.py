"""The MARAC dataset's victim counts for a MARAC and quarter: the pure count (table tests) and the rows it
reads (the MARAC's cases listed in the quarter, London time)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import pytest

from accounts.models import User
from marac.models import Marac, MaracReferral
from monitoring.marac_dataset import DEFINITIONS, MaracVictim, VictimCounts, marac_victim_counts, victim_counts
from monitoring.models import EqualityMonitoring
from referrals.models import Referral
from reports.periods import LONDON
from tests.factories import ReferralFactory

LISTED = date(2026, 5, 12)


def victim(**kwargs: Any) -> MaracVictim:
    return MaracVictim(**{"listed_on": LISTED, "date_of_birth": date(1990, 1, 1), "referral_gender": "woman", **kwargs})


@pytest.mark.parametrize(
    ("victims", "expected"),
    [
        ([], VictimCounts()),
        ([victim()], VictimCounts(cases=1, not_asked=1)),
        (
            [victim(monitored=True, ethnicity="black_caribbean", disability="yes")],
            VictimCounts(cases=1, minority_ethnic=1, disabled=1),
        ),
        ([victim(monitored=True, ethnicity="white_british")], VictimCounts(cases=1)),
        ([victim(monitored=True, ethnicity="prefer_not_to_say")], VictimCounts(cases=1)),
        ([victim(referral_gender="man")], VictimCounts(cases=1, male=1, not_asked=1)),
        (
            [victim(monitored=True, sex="male", sexual_orientation="gay_or_lesbian")],
            VictimCounts(cases=1, male=1, lgbt=1),
        ),
        ([victim(monitored=True, gender_same_as_birth="no")], VictimCounts(cases=1, lgbt=1)),
        ([victim(date_of_birth=date(2009, 5, 12))], VictimCounts(cases=1, aged_16_17=1, not_asked=1)),  # 17 that day
        ([victim(date_of_birth=date(2008, 5, 12))], VictimCounts(cases=1, not_asked=1)),  # 18 that day
        ([victim(date_of_birth=date(2010, 5, 13))], VictimCounts(cases=1, not_asked=1)),  # 15 that day
        ([victim(date_of_birth=None)], VictimCounts(cases=1, not_asked=1)),
        (
            # One case in several groups counts once in each; two cases count two.
            [
                victim(
                    monitored=True,
                    ethnicity="asian_indian",
                    sex="male",
                    disability="yes",
                    sexual_orientation="bisexual",
                ),
                victim(monitored=True, ethnicity="white_other", sex="female"),
            ],
            VictimCounts(cases=2, minority_ethnic=2, disabled=1, male=1, lgbt=1),
        ),
    ],
)
def test_each_case_counts_once_in_each_group_its_victim_belongs_to(
    victims: list[MaracVictim], expected: VictimCounts
) -> None:
    assert victim_counts(victims) == expected


def test_every_count_has_its_definition() -> None:
    assert set(DEFINITIONS) == set(VictimCounts.__dataclass_fields__) - {"cases"}
    assert all(text.strip() for text in DEFINITIONS.values())


def _listed(marac: str, at: datetime, **referral: Any) -> MaracReferral:
    # An adult on any listing date: the factory's date of birth is 18 to 70 years before today, so on a listing
    # date in the past it could make her 16 or 17, and counted as such.
    referral.setdefault("date_of_birth", date(1990, 1, 1))
    made = cast(Referral, ReferralFactory.create(**referral))
    case = MaracReferral.objects.create(
        referral=made,
        marac=Marac.objects.get(slug=marac),
        reason="visible_high_risk",
        yes_count=15,
    )
    MaracReferral.objects.filter(pk=case.pk).update(created_at=at)
    return case


@pytest.mark.django_db
def test_it_counts_the_marac_s_cases_listed_in_the_quarter_in_london_time(ref: None, administrator: User) -> None:
    q1 = (date(2026, 4, 1), date(2026, 7, 1))
    # Listed at 00:30 BST on 1 April: in the quarter (23:30 on 31 March in UTC).
    first = _listed("dover-marac", datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), gender="man")
    EqualityMonitoring.objects.create(
        referral=first.referral,
        ethnicity="white_roma",
        disability="yes",
        recorded_by=administrator,
        updated_by=administrator,
    )
    # 17 on the day listed.
    _listed("dover-marac", datetime(2026, 6, 30, 23, 59, tzinfo=LONDON), date_of_birth=date(2008, 7, 1))
    _listed("dover-marac", datetime(2026, 7, 1, 0, 0, tzinfo=LONDON), gender="man")  # the next quarter
    _listed("dover-marac", datetime(2026, 3, 31, 23, 59, tzinfo=LONDON), gender="man")  # the last one
    _listed("thanet-marac", datetime(2026, 5, 1, 12, 0, tzinfo=LONDON), gender="man")  # another MARAC
    dover = Marac.objects.get(slug="dover-marac")
    assert marac_victim_counts(dover.pk, *q1) == VictimCounts(
        cases=2, minority_ethnic=1, disabled=1, male=1, aged_16_17=1, not_asked=1
    )


@pytest.mark.django_db
def test_cases_heard_in_the_quarter_count_by_the_day_heard(ref: None) -> None:
    heard = _listed("dover-marac", datetime(2026, 3, 20, 12, 0, tzinfo=LONDON), date_of_birth=date(2010, 4, 10))
    MaracReferral.objects.filter(pk=heard.pk).update(heard_on=date(2026, 4, 14))  # 16 by then, 15 when listed
    dover = Marac.objects.get(slug="dover-marac")
    assert marac_victim_counts(dover.pk, date(2026, 4, 1), date(2026, 7, 1), heard=True) == VictimCounts(
        cases=1, aged_16_17=1, not_asked=1
    )
    assert marac_victim_counts(dover.pk, date(2026, 4, 1), date(2026, 7, 1)).cases == 0
