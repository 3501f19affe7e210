"""Recording equality monitoring and a case's pathways. Pages and the API call these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kidas.errors import DomainError, NotPermitted
from monitoring import categories as c
from monitoring.models import Engagement, EqualityMonitoring, Hospital, Pathway, ReferralPathway
from referrals.models import Referral
from referrals.policies import may_record_equality, may_record_pathway
from referrals.selectors import referral_get_for_user

EQUALITY_REFUSED = (
    "Equality monitoring is recorded by triage while it holds the referral, or by the case's own provider."
)
PATHWAY_REFUSED = "A case's pathways are recorded by its own provider."


def _locked(user: User, referral_id: int) -> Referral:
    referral = referral_get_for_user(user, referral_id)  # out of scope: 404
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def equality_record(*, user: User, referral_id: int, answers: dict[str, str]) -> EqualityMonitoring:
    """Record the answers given (a question left out or "" is not asked). Every answer is checked against
    its question's choices; nothing is required."""
    referral = _locked(user, referral_id)
    if not may_record_equality(user, referral):
        raise NotPermitted(EQUALITY_REFUSED)
    unknown = sorted(set(answers) - set(c.QUESTION_FIELDS))
    if unknown:
        raise DomainError(f"No such equality question: {', '.join(unknown)}.")
    for field, value in answers.items():
        if value and value not in c.LABELS[field]:
            raise DomainError(f"'{value}' is not an answer to the question on {field.replace('_', ' ')}.")
    record = EqualityMonitoring.objects.filter(referral=referral).first()
    if record is None:
        record = EqualityMonitoring(referral=referral, recorded_by=user)
    for field in c.QUESTION_FIELDS:
        setattr(record, field, answers.get(field, c.NOT_ASKED) or c.NOT_ASKED)
    record.updated_by = user
    record.save()
    return record


@transaction.atomic
def pathway_record(
    *,
    user: User,
    referral_id: int,
    pathway_id: int,
    hospital_id: int | None = None,
    referred_on: date | None = None,
    engagement: str = "",
) -> ReferralPathway:
    """Put the case on a pathway, or update its hospital, date and engagement if it is on it already."""
    referral = _locked(user, referral_id)
    if not may_record_pathway(user, referral):
        raise NotPermitted(PATHWAY_REFUSED)
    pathway = Pathway.objects.filter(pk=pathway_id, in_use=True).first()
    if pathway is None:
        raise DomainError("Choose a pathway.")
    hospital = Hospital.objects.filter(pk=hospital_id, in_use=True).first() if hospital_id else None
    if pathway.needs_hospital and hospital is None:
        raise DomainError(f"Choose the hospital for the {pathway.name.lower()}.")
    if not pathway.needs_hospital and hospital is not None:
        raise DomainError(f"The {pathway.name.lower()} is not at a hospital: leave the hospital empty.")
    if engagement not in Engagement.values:
        raise DomainError("Engagement is engaged directly, engaged through other staff or not engaged.")
    on = referred_on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("The date referred to the pathway cannot be in the future.")
    defaults: dict[str, Any] = {"hospital": hospital, "referred_on": on, "engagement": engagement, "updated_by": user}
    link, _ = ReferralPathway.objects.update_or_create(
        referral=referral, pathway=pathway, defaults=defaults, create_defaults={**defaults, "recorded_by": user}
    )
    return link
