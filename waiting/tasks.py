"""Celery tasks take ids, fetch, and send. Emails carry the reference only, no personal details."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from waiting.models import DelayNotice, NoticeStatus


@shared_task(acks_late=True)
def tell_referrer_of_delay(notice_id: int) -> None:
    notice = DelayNotice.objects.select_related("entry__referral", "entry__provider").filter(pk=notice_id).first()
    if notice is None or notice.status != NoticeStatus.QUEUED or not notice.to:
        return
    referral, provider = notice.entry.referral, notice.entry.provider
    try:
        send_mail(
            subject=f"Referral {referral.reference}: on a waiting list",
            message=(
                f"Thank you for referral {referral.reference}, made on {timezone.localtime(referral.received_at):%-d %B %Y}.\n\n"
                f"{provider.name} cannot take it on straight away: it is on their waiting list, and they will "
                "contact the person referred as soon as a worker is free.\n\n"
                "If the risk rises, tell them or call the KIDAS referral line at once.\n\n"
                "This email holds no personal details by design."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notice.to],
        )
    except Exception:
        DelayNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.FAILED)
        raise
    DelayNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENT, sent_at=timezone.now())
