"""Public and partner referrals are matched on arrival: the people already known who may be the
survivor are stored with the referral (ArrivalMatch) for triage, who answers same person or new
person on the referral's page. Choosing a known person relinks the referral's survivor to her; changing
an answer already given needs a reason. Nothing is linked without a worker's answer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kidas.errors import DomainError, NotPermitted
from people.matching import candidates_for
from people.models import Person
from referrals.models import ArrivalMatch, Referral
from referrals.policies import may_use_triage_queue
from referrals.safe_contact import safe_contact_carry_over
from referrals.survivor_choice import typed_person_of


class ArrivalMatchError(DomainError):
    """An answer that cannot be taken: not one of the people offered, or a change without a reason."""


def arrival_match_record(referral: Referral) -> ArrivalMatch | None:
    """Find and store the candidates for a referral's survivor (not the survivor it was just given)."""
    found = candidates_for(**typed_person_of(referral))
    rows = [
        {"person": c.person.pk, "score": c.score, "reasons": list(c.reasons)}
        for c in found
        if c.person.pk != referral.survivor_id
    ]
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
    survivor = person if person is not None else match.arrival_survivor
    if survivor is not None and referral.survivor_id != survivor.pk:
        referral.survivor = survivor
        referral.save(update_fields=["survivor"])
        # Her safe-contact details, if this referral gave none, carried over for triage to confirm.
        safe_contact_carry_over(referral)
    match.answer, match.answered_by, match.answered_at, match.reason = answer, user, timezone.now(), reason.strip()
    match.save()
    return match
