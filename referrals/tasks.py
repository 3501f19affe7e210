"""Celery tasks take ids, fetch, and call a service. Emails carry no personal details."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from referrals.models import Referral


@shared_task(acks_late=True)
def notify_provider_of_referral(referral_id: int) -> None:
    referral = Referral.objects.select_related("provider").filter(pk=referral_id).first()
    if referral is None or referral.provider is None or not referral.provider.referral_inbox_email:
        return
    link = settings.SITE_URL + reverse("referrals:detail", args=[referral.pk])
    send_mail(
        subject=f"New {referral.get_risk_level_display().lower()} risk referral {referral.reference}",
        message=(
            f"A new referral has been routed to {referral.provider.name}.\n\n"
            f"Sign in to see it: {link}\n\n"
            "This email holds no personal details by design."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[referral.provider.referral_inbox_email],
    )
