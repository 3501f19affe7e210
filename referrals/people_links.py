"""A new referral's people: its survivor, the alleged perpetrator named, the children in the household,
as persons (people.models). Known people are reused only on evidence: the survivor the worker chose,
or, when nobody was asked who she is (public and partner arrivals, imports, the API without an answer),
the same person by the repeat rule (name, date of birth, postcode or phone); the same perpetrator or
child name under the same survivor. A worker's "a new person" is always a new person; duplicates found
later are merged (people.services), never guessed here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone

from accounts.models import User
from kidas.errors import DomainError
from people.models import Person
from people.names import name_key, split_full_name
from people.services import (
    Address,
    SafeContactDetails,
    person_address_record,
    person_create,
    person_phone_record,
    safe_contact_record,
)
from referrals.models import LivesInHousehold, Referral, ReferralChild, ReferralPerpetrator
from referrals.safe_contact import safe_contact_carry_over
from referrals.selectors import same_person_as


@dataclass(frozen=True)
class ChildData:
    first_name: str
    date_of_birth: date | None = None


class SurvivorChoice(StrEnum):
    """What the worker answered to "is this someone already known?"."""

    EXISTING = "existing"  # the same person as one already known: the survivor chosen
    NEW = "new"  # a new person, whatever an earlier referral looks like
    NOT_ASKED = "not_asked"  # nobody was asked (public and partner arrivals, imports): the repeat rule decides


def survivor_choice_of(choice: str | None, chosen: Person | None) -> SurvivorChoice:
    """The answer as given, or read from the person chosen when the caller gave none. A person with "new"
    or "not asked", or "existing" without one, is refused: the answer and the person must agree."""
    if choice is None:
        return SurvivorChoice.EXISTING if chosen is not None else SurvivorChoice.NOT_ASKED
    try:
        answer = SurvivorChoice(choice)
    except ValueError:
        raise DomainError("Say whether she is someone already known, a new person, or was not asked.") from None
    if answer == SurvivorChoice.EXISTING and chosen is None:
        raise DomainError("Choose the person she is the same as.")
    if answer != SurvivorChoice.EXISTING and chosen is not None:
        raise DomainError("A person is chosen only when she is the same person as someone already known.")
    return answer


def referral_survivor(
    referral: Referral, chosen: Person | None = None, choice: SurvivorChoice = SurvivorChoice.NOT_ASKED
) -> Person:
    """The person the referral is about: the one the worker chose; a new person when the worker said so;
    when nobody was asked, the survivor of an earlier referral of the same person, else a new person."""
    if choice == SurvivorChoice.EXISTING and chosen is not None:
        return chosen
    if choice == SurvivorChoice.NOT_ASKED:
        earlier = same_person_as(referral).filter(survivor__isnull=False).select_related("survivor").first()
        if earlier is not None and earlier.survivor is not None:
            return earlier.survivor
    return person_create(
        given_name=referral.first_name,
        family_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        gender=referral.gender,
        pronouns=referral.pronouns,
    )


def _safe_contact_given(referral: Referral) -> SafeContactDetails | None:
    details = SafeContactDetails(
        safe_phone=referral.safe_phone,
        safe_email=referral.safe_email,
        voicemail_allowed=referral.voicemail_allowed,
        safe_times=referral.safe_times,
        code_word=referral.code_word,
        perpetrator_has_phone_access=referral.perpetrator_has_phone_access,
    )
    return None if details == SafeContactDetails() else details


def _earlier_perpetrator(survivor: Person, name: str) -> Person | None:
    wanted = name_key(name)
    for link in ReferralPerpetrator.objects.filter(referral__survivor=survivor).select_related("person"):
        if name_key(link.person.full_name) == wanted:
            return link.person
    return None


def _earlier_child(survivor: Person, child: ChildData) -> Person | None:
    return (
        Person.objects.filter(
            child_links__referral__survivor=survivor,
            given_key=name_key(child.first_name),
            date_of_birth=child.date_of_birth,
        )
        .order_by("id")
        .first()
    )


def referral_link_people(
    *,
    referral: Referral,
    children: Iterable[ChildData],
    user: User | None,
    survivor: Person | None = None,
    survivor_choice: SurvivorChoice = SurvivorChoice.NOT_ASKED,
) -> Person:
    """Link a just-saved referral to its people and bring the survivor's details up to date."""
    person = referral_survivor(referral, survivor, survivor_choice)
    referral.survivor = person
    referral.save(update_fields=["survivor"])
    on = timezone.localdate(referral.received_at)
    person_address_record(
        person=person,
        address=Address(
            line_1=referral.address_line_1,
            line_2=referral.address_line_2,
            town=referral.town,
            postcode=referral.postcode,
            district_id=referral.district_id,
        ),
        on=on,
    )
    person_phone_record(person=person, number=referral.phone)
    # Details given on this referral are the survivor's safe contact now; a referral that gives none
    # leaves the last ones, with their date, carried over for a worker to confirm as still safe
    # (referrals.safe_contact): unconfirmed, the referral does not use them.
    given = _safe_contact_given(referral)
    if given is not None:
        safe_contact_record(person=person, details=given, confirmed_on=on, by=user)
    else:
        safe_contact_carry_over(referral)
    if referral.perpetrator_name.strip():
        given_name, family_name = split_full_name(referral.perpetrator_name)
        perpetrator = _earlier_perpetrator(person, referral.perpetrator_name) or person_create(
            given_name=given_name, family_name=family_name
        )
        ReferralPerpetrator.objects.create(
            referral=referral,
            person=perpetrator,
            relationship=referral.perpetrator_relationship,
            lives_with_survivor=referral.perpetrator_lives_with_victim,
        )
    for child in children:
        child_person = _earlier_child(person, child) or person_create(
            given_name=child.first_name, family_name="", date_of_birth=child.date_of_birth
        )
        ReferralChild.objects.get_or_create(
            referral=referral, person=child_person, defaults={"lives_in_household": LivesInHousehold.YES}
        )
    return person
