"""Writes to MARAC lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from marac.models import MaracCoverage, MaracReferral
from referrals.risk import MaracReason

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Referral, RiskAssessment


def marac_for_referral(referral: Referral) -> MaracCoverage | None:
    if referral.district_id is None:
        return None
    return MaracCoverage.objects.select_related("marac").filter(district_id=referral.district_id).first()


def _heard_within_window(referral: Referral) -> bool:
    """A repeat: the same person was referred to a MARAC in the last 12 months."""
    from referrals.selectors import earlier_referrals_of_person

    earlier = earlier_referrals_of_person(
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        postcode=referral.postcode,
        phones=(referral.phone, referral.safe_phone),
        exclude_id=referral.pk,
    )
    since = timezone.now() - relativedelta(months=settings.REPEAT_WINDOW_MONTHS)
    return MaracReferral.objects.filter(referral__in=earlier, created_at__gte=since).exists()


def marac_referral_create(
    *, referral: Referral, user: User | None, assessment: RiskAssessment | None
) -> MaracReferral | None:
    """List a high-risk referral at its district's MARAC. Returns None when no MARAC covers the district."""
    coverage = marac_for_referral(referral)
    if coverage is None:
        return None
    is_repeat = _heard_within_window(referral)
    reason = MaracReason.REPEAT if is_repeat else (assessment.marac_reason if assessment else "")
    return MaracReferral.objects.create(
        referral=referral,
        marac=coverage.marac,
        reason=reason or MaracReason.PROFESSIONAL_JUDGEMENT,
        yes_count=assessment.yes_count if assessment else 0,
        is_repeat=is_repeat,
        created_by=user,
    )
