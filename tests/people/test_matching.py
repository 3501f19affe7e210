"""The matcher offers the people a worker is typing in, however the name is spelt (people/matching.py)."""

from __future__ import annotations

from datetime import date

import pytest

from people.matching import MINIMUM_SCORE, SHORTLIST, candidates_for
from people.models import NameKind, Person, PersonName
from people.services import Address, person_address_record, person_create, person_phone_record

pytestmark = pytest.mark.django_db

BORN = date(1988, 6, 2)


def known(given: str, family: str, *, born: date | None = BORN, postcode: str = "", phone: str = "") -> Person:
    person = person_create(given_name=given, family_name=family, date_of_birth=born)
    person_address_record(person=person, address=Address(postcode=postcode), on=date(2024, 1, 1))
    person_phone_record(person=person, number=phone)
    return person


@pytest.fixture
def people() -> dict[str, Person]:
    smith = known("John", "Smith", postcode="ME10 3AB")
    zoe = known("Zoë", "Brontë", born=date(1979, 11, 30))
    sarah = known("Sarah", "Johnson", born=date(1990, 1, 15), phone="+447700900123")
    turner = known("Amy", "Turner", born=date(1985, 4, 4))
    PersonName.objects.create(person=turner, kind=NameKind.PREVIOUS, given_name="Amy", family_name="Baker")
    known("Karen", "Whitehouse", born=date(1960, 2, 2))
    return {"smith": smith, "zoe": zoe, "sarah": sarah, "turner": turner}


@pytest.mark.parametrize(
    ("who", "typed", "expect_reason"),
    [
        ("smith", {"given_name": "Jon", "family_name": "Smyth", "postcode": "ME10 3AB"}, "Name alike"),
        ("smith", {"given_name": "John", "family_name": "Smith", "date_of_birth": BORN}, "Name exactly the same"),
        ("zoe", {"given_name": "Zoe", "family_name": "Bronte", "date_of_birth": date(1979, 11, 30)}, "Name exactly"),
        ("sarah", {"given_name": "Sara", "family_name": "Jonson", "date_of_birth": date(1990, 1, 15)}, "Name alike"),
        ("sarah", {"given_name": "Sarah", "family_name": "Jhonson", "phone": "+447700900123"}, "Same phone"),
        (
            "sarah",
            {"given_name": "Johnson", "family_name": "Sarah", "date_of_birth": date(1990, 1, 15)},
            "other way round",
        ),
        ("turner", {"given_name": "Amy", "family_name": "Baker", "date_of_birth": date(1985, 4, 4)}, "Known before"),
        ("turner", {"given_name": "Aimee", "family_name": "Tunrer", "date_of_birth": date(1985, 4, 4)}, "birth"),
    ],
)
def test_it_offers_the_person_however_the_name_is_typed(
    people: dict[str, Person], who: str, typed: dict, expect_reason: str
) -> None:
    candidates = candidates_for(**typed)
    assert candidates, f"nobody offered for {typed}"
    best = candidates[0]
    assert best.person == people[who]
    assert best.score >= MINIMUM_SCORE
    assert any(expect_reason in reason for reason in best.reasons), best.reasons


def test_it_does_not_offer_strangers(people: dict[str, Person]) -> None:
    assert candidates_for(given_name="Priya", family_name="Patel", date_of_birth=date(2001, 7, 7)) == []


def test_a_name_alone_is_weaker_than_a_name_with_a_date_of_birth(people: dict[str, Person]) -> None:
    alone = candidates_for(given_name="John", family_name="Smith")
    with_birth = candidates_for(given_name="John", family_name="Smith", date_of_birth=BORN)
    assert alone[0].score < with_birth[0].score


def test_a_merged_person_is_offered_as_the_one_they_were_merged_into(people: dict[str, Person]) -> None:
    duplicate = known("Jon", "Smith", born=BORN)
    Person.objects.filter(pk=duplicate.pk).update(merged_into=people["smith"])
    candidates = candidates_for(given_name="Jon", family_name="Smith", date_of_birth=BORN)
    assert [c.person for c in candidates] == [people["smith"]]


def test_among_more_alike_people_than_the_shortlist_the_earliest_records_are_offered_every_time() -> None:
    # A common name finds more people than go on to the full comparison (SHORTLIST); those equally alike are
    # taken in the order of their records, so the same typing offers the same people each time.
    alike = [known("Jane", "Smith", born=None) for _ in range(SHORTLIST + 5)]
    offered = candidates_for(given_name="Jane", family_name="Smith")
    assert [c.person.pk for c in offered] == [person.pk for person in alike[:10]]
