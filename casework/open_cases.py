"""A new referral for a survivor whose case is open with a provider: it is linked to the case, and the
case's worker and the provider's managers are told and prompted to reassess. (Routing does not hand it to a
second provider without a reason: referrals.services, referrals.selectors.open_case_with_another_provider.)"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role, User
from casework.models import NewReferralForOpenCase
from referrals.models import Referral
from referrals.selectors import open_cases_of_survivor
from sla.models import Notification


def case_team_ids(case: Referral) -> list[int]:
    """Who hears of a new referral for an open case: its allocated worker and the provider's managers."""
    managers = (
        User.objects.filter(is_active=True, role=Role.PROVIDER_MANAGER, organisation_id=case.provider_id)
        if case.provider_id is not None
        else User.objects.none()
    ).values_list("pk", flat=True)
    worker = [case.allocated_worker_id] if case.allocated_worker_id else []
    return list(dict.fromkeys([*worker, *managers]))


def open_case_hears_of_referral(*, referral: Referral) -> list[NewReferralForOpenCase]:
    """Link the referral to each open case of its survivor, once, telling each case's team (in-app, naming
    the referrals by reference only) with a link to reassess the case. Returns the new links."""
    links = []
    for case in open_cases_of_survivor(referral):
        link, created = NewReferralForOpenCase.objects.get_or_create(case=case, referral=referral)
        if not created:
            continue
        links.append(link)
        text = f"New referral {referral.reference} for the survivor of your case {case.reference}: reassess the risk"
        Notification.objects.bulk_create(
            [
                Notification(user_id=user_id, text=text[:300], link=reverse("casework:reassess", args=[case.pk]))
                for user_id in case_team_ids(case)
            ]
        )
    return links
