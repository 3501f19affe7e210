"""The data migration that moves referrals recorded before people existed into people
(referrals/people_backfill.py, run by migration 0008), run on referrals written straight into the
database as the old app wrote them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from referrals.models import Child, LivesInHousehold, Referral, ReferralChild, ReferralPerpetrator
from referrals.people_backfill import backfill_people, dates_of_birth_slices, undo_backfill
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


def run_migration() -> None:
    backfill_people(connection)


def survivor_of(referral: Referral) -> int | None:
    return Referral.objects.values_list("survivor_id", flat=True).get(pk=referral.pk)


def test_it_makes_one_survivor_of_referrals_that_match_as_repeats_did() -> None:
    first = old_referral(received_at=at(300), phone="+447700900111")
    same_address = old_referral(first_name="ZOE", last_name="turner", received_at=at(200))
    moved_but_same_phone = old_referral(postcode="CT1 1AA", safe_phone="+447700900111", received_at=at(100))
    namesake_elsewhere = old_referral(postcode="TN23 1AA", received_at=at(50))
    run_migration()
    assert survivor_of(first) == survivor_of(same_address) == survivor_of(moved_but_same_phone)
    assert survivor_of(namesake_elsewhere) not in (None, survivor_of(first))
    survivor = Referral.objects.get(pk=first.pk).survivor
    assert survivor is not None
    assert (survivor.given_name, survivor.family_key, survivor.date_of_birth) == ("Zoë", "turner", BORN)
    current = survivor.addresses.get(lived_until__isnull=True)
    assert current.postcode == "CT1 1AA"
    assert set(survivor.addresses.values_list("postcode", flat=True)) == {"ME10 3AB", "CT1 1AA"}


def test_it_gives_the_survivor_the_latest_safe_contact_dated_that_referral() -> None:
    old_referral(received_at=at(200), safe_phone="+447700900222", code_word="bluebell")
    latest = old_referral(received_at=at(10), safe_phone="+447700900333", safe_times="Mornings", code_word="")
    run_migration()
    survivor = Referral.objects.get(pk=latest.pk).survivor
    assert survivor is not None
    safe = survivor.safe_contact
    assert (safe.safe_phone, safe.safe_times, safe.code_word) == ("+447700900333", "Mornings", "")
    assert safe.confirmed_safe_on == timezone.localdate(latest.received_at)


def test_it_keeps_a_perpetrator_per_survivor_and_never_merges_namesakes_across_survivors() -> None:
    hers = [old_referral(received_at=at(d), perpetrator_name="Dean  Smith") for d in (100, 20)]
    another_survivor = old_referral(first_name="Amy", received_at=at(30), perpetrator_name="dean smith")
    unnamed = old_referral(first_name="Beth", received_at=at(30), perpetrator_name="")
    run_migration()
    links = {link.referral_id: link for link in ReferralPerpetrator.objects.select_related("person")}
    assert links[hers[0].pk].person_id == links[hers[1].pk].person_id
    assert links[another_survivor.pk].person_id != links[hers[0].pk].person_id
    assert unnamed.pk not in links
    perpetrator = links[hers[0].pk].person
    assert (perpetrator.given_name, perpetrator.family_name) == ("Dean", "Smith")
    assert links[hers[0].pk].relationship == "partner"


def test_it_moves_children_once_per_survivor_as_living_in_the_household() -> None:
    referrals = [old_referral(received_at=at(d)) for d in (100, 20)]
    for referral in referrals:
        Child.objects.create(referral=referral, first_name="Ellie", date_of_birth=date(2018, 5, 1))
    Child.objects.create(referral=referrals[1], first_name="Sam", date_of_birth=None)
    run_migration()
    links = ReferralChild.objects.select_related("person").order_by("referral_id", "person__given_name")
    assert [(link.referral_id, link.person.given_name) for link in links] == [
        (referrals[0].pk, "Ellie"),
        (referrals[1].pk, "Ellie"),
        (referrals[1].pk, "Sam"),
    ]
    assert links[0].person_id == links[1].person_id
    assert {link.lives_in_household for link in links} == {LivesInHousehold.YES}


def people_found() -> tuple[set[frozenset[int]], set[frozenset[int]], set[frozenset[int]]]:
    """Which referrals share a survivor, a perpetrator and a child: the people, whatever their ids."""

    def grouped(pairs: Any) -> set[frozenset[int]]:
        groups: dict[int, set[int]] = {}
        for referral_id, person_id in pairs:
            groups.setdefault(person_id, set()).add(referral_id)
        return {frozenset(group) for group in groups.values()}

    return (
        grouped(Referral.objects.values_list("pk", "survivor_id")),
        grouped(ReferralPerpetrator.objects.values_list("referral_id", "person_id")),
        grouped(ReferralChild.objects.values_list("referral_id", "person_id")),
    )


def test_moving_them_a_few_dates_of_birth_at_a_time_finds_the_same_people_as_one_pass() -> None:
    for born in (BORN, date(1985, 7, 2), date(1979, 1, 30)):
        for days_ago, postcode in ((300, "ME10 3AB"), (200, "ME10 3AB"), (100, "CT1 1AA")):
            referral = old_referral(
                date_of_birth=born, received_at=at(days_ago), postcode=postcode, perpetrator_name="Dean Smith"
            )
            Child.objects.create(referral=referral, first_name="Ellie", date_of_birth=date(2018, 5, 1))
    old_referral(date_of_birth=BORN, received_at=at(5), postcode="TN23 1AA", phone="+447700900444")
    old_referral(date_of_birth=BORN, received_at=at(4), postcode="CT1 1AA", safe_phone="+447700900444")
    with connection.cursor() as cursor:
        assert len(dates_of_birth_slices(cursor, per_slice=2)) > 2
    backfill_people(connection)
    in_one_pass = people_found()
    undo_backfill(connection)
    backfill_people(connection, per_slice=2)
    assert people_found() == in_one_pass
    # Per date of birth, ME10 and CT1 apart; on BORN the shared phone joins TN23 to CT1.
    assert len(in_one_pass[0]) == 6
