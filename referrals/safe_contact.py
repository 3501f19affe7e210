"""Safe-contact details carried over to a new referral, and the prompt to confirm they are still safe
(domain.md: safety when making contact; people.services.safe_contact_record dates them for this).

A new referral that gives no safe-contact details, for a survivor who has some (people.models.SafeContact),
shows hers as carried over from her earlier referral and asks "Are these contact details still safe to
use?", nothing pre-selected. Until a worker answers, they are not the referral's: its own safe-contact
fields stay blank and every use treats her as not safely reachable (unknown is unsafe). "Yes" makes them
the referral's and records who confirmed them and when; "no" takes the worker's new details instead,
for this referral and the next. The page and the API both call safe_contact_confirm."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from kidas.errors import NotPermitted, TransitionConflict
from people.models import SafeContact
from people.services import SafeContactDetails, safe_contact_record
from referrals import validation
from referrals.models import Referral, SafeContactCheck
from referrals.policies import may_confirm_safe_contact

QUESTION = "Are these contact details still safe to use?"
SAFE_CONTACT_FIELDS = (
    "safe_phone",
    "safe_email",
    "voicemail_allowed",
    "safe_times",
    "code_word",
    "perpetrator_has_phone_access",
)


def safe_contact_check_of(referral: Referral) -> SafeContactCheck | None:
    """The carried-over safe-contact question (None when nothing was carried over): as read with the referral
    (select_related: the referral's page and API answer), else read now."""
    try:
        return referral.safe_contact_check
    except SafeContactCheck.DoesNotExist:
        return None


def details_of(source: SafeContact | Referral) -> SafeContactDetails:
    return SafeContactDetails(**{name: getattr(source, name) for name in SAFE_CONTACT_FIELDS})


def _gave_safe_contact() -> Q:
    return (
        ~Q(safe_phone="")
        | ~Q(safe_email="")
        | ~Q(safe_times="")
        | ~Q(code_word="")
        | Q(voicemail_allowed__isnull=False)
        | Q(perpetrator_has_phone_access__isnull=False)
    )


def safe_contact_carry_over(referral: Referral) -> SafeContactCheck | None:
    """Carry the survivor's safe-contact details over to a referral that gave none, unconfirmed. A check
    not yet answered is made again for the referral's survivor now (triage may have said who she is since);
    an answered one stands."""
    existing = SafeContactCheck.objects.filter(referral=referral).first()
    if existing is not None and existing.is_confirmed:
        return existing
    if existing is not None:
        existing.delete()
    if details_of(referral) != SafeContactDetails() or referral.survivor_id is None:
        return None
    safe = SafeContact.objects.filter(person_id=referral.survivor_id).first()
    if safe is None or details_of(safe) == SafeContactDetails():
        return None
    carried_from = (
        Referral.objects.filter(_gave_safe_contact(), survivor_id=referral.survivor_id)
        .exclude(pk=referral.pk)
        .order_by("-received_at", "-id")
        .first()
    )
    return SafeContactCheck.objects.create(
        referral=referral,
        carried_from=carried_from,
        last_confirmed_on=safe.confirmed_safe_on,
        carried_at=timezone.now(),
    )


def carried_over_details(check: SafeContactCheck) -> SafeContactDetails | None:
    """The details carried over, as the survivor has them now (None if she has none any more)."""
    survivor_id = check.referral.survivor_id
    safe = None if survivor_id is None else SafeContact.objects.filter(person_id=survivor_id).first()
    return details_of(safe) if safe is not None else None


@transaction.atomic
def safe_contact_confirm(
    *, user: User, referral_id: int, still_safe: bool | None, details: SafeContactDetails | None = None
) -> SafeContactCheck:
    """The answer to QUESTION. Yes: the carried-over details become the referral's, confirmed today by
    `user`. No: `details` (the worker's new ones) become the referral's and the survivor's, confirmed
    today by `user`. Answered once (409 after); only by whoever may see the details (403)."""
    referral = Referral.objects.select_for_update().get(pk=referral_id)
    check = SafeContactCheck.objects.select_for_update().filter(referral=referral).first()
    if check is None:
        raise Http404("No safe-contact details were carried over to this referral")
    if not may_confirm_safe_contact(user, referral):
        raise NotPermitted("Only whoever may see her safe-contact details can confirm them.")
    if check.is_confirmed:
        raise TransitionConflict(
            f"{check.answered_by} already answered on {timezone.localtime(check.answered_at):%d %b %Y %H:%M}: "
            f"{check.get_answer_display().lower()}. Correct the referral's details if they have changed since."
        )
    if still_safe is None:
        raise ValidationError({"still_safe": "Say whether these contact details are still safe to use"})
    person = referral.survivor
    if person is None:  # a check is only made for a referral with a survivor
        raise Http404("This referral has no survivor linked")
    today = timezone.localdate()
    if still_safe:
        safe = SafeContact.objects.select_for_update().get(person=person)
        given = details_of(safe)
        safe.confirmed_safe_on, safe.confirmed_by = today, user
        safe.save(update_fields=["confirmed_safe_on", "confirmed_by", "updated_at"])
    else:
        given = details or SafeContactDetails()
        errors = validation.safe_contact_errors(asdict(given))
        if errors:
            raise ValidationError(errors)
        safe_contact_record(person=person, details=given, confirmed_on=today, by=user)
    for name, value in asdict(given).items():
        setattr(referral, name, value)
    referral.save(update_fields=list(SAFE_CONTACT_FIELDS))
    check.answer = check.Answer.STILL_SAFE if still_safe else check.Answer.REPLACED
    check.answered_by, check.answered_at = user, timezone.now()
    check.save(update_fields=["answer", "answered_by", "answered_at"])
    return check
