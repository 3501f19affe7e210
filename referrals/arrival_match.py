"""Public and partner referrals are matched on arrival: the people already known who may be the
survivor are stored with the referral (ArrivalMatch) for triage, who answers same person or new
person on the referral's page. Choosing a known person relinks the referral's survivor to her; changing
an answer already given needs a reason.

An arrival that is exactly someone already known (same name, date of birth and postcode or phone) is
linked to her on arrival, so the repeat rules see her at once; she is then offered first among the
candidates, for triage to confirm, and "a new person" undoes the link: the referral gets a person of its
own, and the perpetrators and children it shared with her earlier referrals get people of their own too
(never merged across survivors without a worker's answer)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kidas.errors import DomainError, NotPermitted
from people.matching import candidates_for
from people.models import Person
from people.services import person_create
from referrals.models import ArrivalMatch, Referral, ReferralChild, ReferralPerpetrator
from referrals.people_links import SurvivorChoice, referral_survivor
from referrals.policies import may_use_triage_queue
from referrals.safe_contact import safe_contact_carry_over
from referrals.survivor_choice import typed_person_of

LINKED_ON_ARRIVAL = "Linked on arrival: the same name, date of birth and postcode or phone"


def _known_before(referral: Referral) -> bool:
    """The survivor given on arrival was someone already known (an earlier referral's), not made for this one."""
    return (
        referral.survivor_id is not None
        and Referral.objects.filter(survivor_id=referral.survivor_id).exclude(pk=referral.pk).exists()
    )


def _people_of_its_own(referral: Referral) -> None:
    """ "A new person" for a referral linked on arrival to someone known: its own survivor, and its own
    perpetrators and children where it shared hers."""
    referral.survivor = referral_survivor(referral, None, SurvivorChoice.NEW)
    referral.save(update_fields=["survivor"])
    for link in ReferralPerpetrator.objects.filter(referral=referral).select_related("person"):
        if ReferralPerpetrator.objects.filter(person=link.person).exclude(referral=referral).exists():
            link.person = person_create(given_name=link.person.given_name, family_name=link.person.family_name)
            link.save(update_fields=["person"])
    for child in ReferralChild.objects.filter(referral=referral).select_related("person"):
        if ReferralChild.objects.filter(person=child.person).exclude(referral=referral).exists():
            child.person = person_create(
                given_name=child.person.given_name,
                family_name=child.person.family_name,
                date_of_birth=child.person.date_of_birth,
            )
            child.save(update_fields=["person"])


class ArrivalMatchError(DomainError):
    """An answer that cannot be taken: not one of the people offered, or a change without a reason."""


def arrival_match_record(referral: Referral) -> ArrivalMatch | None:
    """Find and store the candidates for a referral's survivor (not the survivor it was just given)."""
    found = candidates_for(**typed_person_of(referral))
    known = _known_before(referral)
    rows = [
        {
            "person": c.person.pk,
            "score": c.score,
            "reasons": [*([LINKED_ON_ARRIVAL] if c.person.pk == referral.survivor_id else []), *c.reasons],
        }
        for c in found
        if c.person.pk != referral.survivor_id or known
    ]
    rows.sort(key=lambda row: row["person"] != referral.survivor_id)  # the person linked on arrival first
    if not rows:
        return None
    return ArrivalMatch.objects.create(
        referral=referral, found_at=timezone.now(), candidates=rows, arrival_survivor_id=referral.survivor_id
    )


@transaction.atomic
def arrival_match_answer(*, user: User, match: ArrivalMatch, person: Person | None, reason: str = "") -> ArrivalMatch:
    """Triage's answer: `person` (one of the candidates) is the survivor, or None for a new person."""
    if not may_use_triage_queue(user):
        raise NotPermitted("Only the triage team answers who the person is.")
    match = ArrivalMatch.objects.select_for_update().get(pk=match.pk)
    if person is not None and person.pk not in match.candidate_ids:
        raise ArrivalMatchError("Choose one of the people offered, or a new person.")
    answer = ArrivalMatch.Answer.NEW_PERSON if person is None else ArrivalMatch.Answer.SAME_PERSON
    referral = match.referral
    changed = match.answer != ArrivalMatch.Answer.UNANSWERED
    if changed and not reason.strip():
        raise ArrivalMatchError("Give a reason for changing who this person is.")
    if person is None and match.arrival_survivor_id is not None and match.arrival_survivor_id in match.candidate_ids:
        if referral.survivor_id == match.arrival_survivor_id:
            _people_of_its_own(referral)
        match.answer, match.answered_by, match.answered_at, match.reason = answer, user, timezone.now(), reason.strip()
        match.save()
        return match
    survivor = person if person is not None else match.arrival_survivor
    if survivor is not None and referral.survivor_id != survivor.pk:
        referral.survivor = survivor
        referral.save(update_fields=["survivor"])
        # Her safe-contact details, if this referral gave none, carried over for triage to confirm.
        safe_contact_carry_over(referral)
    match.answer, match.answered_by, match.answered_at, match.reason = answer, user, timezone.now(), reason.strip()
    match.save()
    return match
