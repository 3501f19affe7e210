"""A top-up: referrals without a survivor written after people already exist (the benchmark seeder seeding
more, or referrals written straight into the table) are matched against the survivors already in the
database by the migration's own rules, not only among themselves."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from devtools.seed import seed_referrals
from people.models import Person, PersonAddress, SafeContact
from referrals.models import Child, Referral, ReferralChild, ReferralPerpetrator
from referrals.people_backfill import backfill_people
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

BORN = date(1990, 3, 14)


def at(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def old_referral(**fields: Any) -> Referral:
    values: dict[str, Any] = {
        "first_name": "Zoë",
        "last_name": "Turner",
        "date_of_birth": BORN,
        "postcode": "ME10 3AB",
        "phone": "",
        "safe_phone": "",
        "perpetrator_name": "",
        **fields,
    }
    return ReferralFactory(**values)


def survivor_of(referral: Any) -> int | None:
    return Referral.objects.values_list("survivor_id", flat=True).get(pk=referral.pk)


def known(referral: Referral) -> int:
    person_id = survivor_of(referral)
    assert person_id is not None
    return person_id


@pytest.fixture
def zoe(ref: None) -> Referral:
    """Zoë, already a person from the first seed: a referral in ME10 with her phone, perpetrator and child."""
    first = old_referral(received_at=at(300), phone="+447700900111", perpetrator_name="Dean Cole")
    Child.objects.create(referral=first, first_name="Ola", date_of_birth=date(2018, 2, 1))
    backfill_people(connection)
    return first


@pytest.mark.parametrize(
    ("fields", "joins_her"),
    [
        pytest.param({"first_name": "ZOE", "last_name": "turner"}, True, id="same name and postcode"),
        pytest.param({"postcode": "CT1 1AA", "safe_phone": "+447700900111"}, True, id="moved, same phone"),
        pytest.param({"postcode": "TN23 1AA"}, False, id="a namesake elsewhere"),
        pytest.param({"date_of_birth": date(1991, 3, 14)}, False, id="another date of birth"),
    ],
)
def test_a_top_up_referral_joins_the_survivor_already_known(
    zoe: Referral, fields: dict[str, Any], joins_her: bool
) -> None:
    later = old_referral(received_at=at(10), **fields)
    backfill_people(connection)
    assert survivor_of(later) is not None
    assert (survivor_of(later) == survivor_of(zoe)) is joins_her


def test_her_record_keeps_its_history_and_takes_newer_details(zoe: Referral) -> None:
    person_id = known(zoe)
    moved = old_referral(
        received_at=at(10), postcode="CT1 1AA", phone="+447700900111", safe_phone="+447700900222", code_word="wren"
    )
    backfill_people(connection)
    assert survivor_of(moved) == person_id
    assert Person.objects.filter(given_key="zoe", family_key="turner", date_of_birth=BORN).count() == 1
    addresses = PersonAddress.objects.filter(person_id=person_id)
    assert addresses.get(lived_until__isnull=True).postcode == "CT1 1AA"
    assert addresses.get(postcode="ME10 3AB").lived_until == timezone.localdate(moved.received_at)
    safe = SafeContact.objects.get(person_id=person_id)
    assert (safe.safe_phone, safe.code_word) == ("+447700900222", "wren")
    assert Person.objects.get(pk=person_id).phones.filter(number="+447700900111").count() == 1


def test_an_older_top_up_referral_does_not_replace_her_current_details(zoe: Referral) -> None:
    person_id = known(zoe)
    older = old_referral(received_at=at(400), town="Faversham", phone="+447700900111", safe_phone="+447700900333")
    backfill_people(connection)
    assert survivor_of(older) == person_id
    assert PersonAddress.objects.get(person_id=person_id, lived_until__isnull=True).town == zoe.town
    assert SafeContact.objects.get(person_id=person_id).safe_phone == ""


def test_her_perpetrator_and_child_are_reused_but_never_another_survivors(zoe: Referral) -> None:
    dean = ReferralPerpetrator.objects.get(referral=zoe).person_id
    ola = ReferralChild.objects.get(referral=zoe).person_id
    again = old_referral(received_at=at(10), perpetrator_name="dean  COLE")
    Child.objects.create(referral=again, first_name="Ola", date_of_birth=date(2018, 2, 1))
    someone_else = old_referral(
        first_name="Priya", last_name="Shah", date_of_birth=date(1985, 1, 2), perpetrator_name="Dean Cole"
    )
    backfill_people(connection)
    assert ReferralPerpetrator.objects.get(referral=again).person_id == dean
    assert ReferralChild.objects.get(referral=again).person_id == ola
    assert ReferralPerpetrator.objects.get(referral=someone_else).person_id != dean


def test_a_seeder_top_up_links_its_referrals_to_the_people_seeded_before(ref: None) -> None:
    seed_referrals(30, batch=30)
    seeded = Referral.objects.select_related("survivor").order_by("pk")[:3]
    people_before = Person.objects.count()
    # The same three women again, written as the seeder writes (no survivor), then a top-up seed.
    copies = [
        ReferralFactory(
            first_name=r.first_name,
            last_name=r.last_name,
            date_of_birth=r.date_of_birth,
            postcode=r.postcode,
            safe_phone=r.safe_phone,
            perpetrator_name=r.perpetrator_name,
            received_at=timezone.now(),
        )
        for r in seeded
    ]
    seed_referrals(5, batch=5)
    assert not Referral.objects.filter(survivor__isnull=True).exists()
    for copy, original in zip(copies, seeded, strict=True):
        assert survivor_of(copy) == original.survivor_id
        perpetrators = ReferralPerpetrator.objects.filter(referral__in=[copy, original])
        assert perpetrators.values("person_id").distinct().count() == 1
    # Five new women and their perpetrators; the three copies brought nobody new.
    assert Person.objects.count() == people_before + 5 * 2
