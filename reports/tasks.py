from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from reports.imports import referral_import_run
from reports.models import ImportStatus, ReferralImport


@shared_task(name="reports.run_referral_import")
def run_referral_import(import_id: int) -> None:
    referral_import_run(import_id=import_id)


@shared_task(name="reports.sweep_imports")
def sweep_imports() -> int:
    """Re-send imports the broker lost (queued for over a minute) or whose worker died (running, stale)."""
    now = timezone.now()
    waiting = ReferralImport.objects.filter(status=ImportStatus.QUEUED, uploaded_at__lt=now - timedelta(minutes=1))
    stale = ReferralImport.objects.filter(status=ImportStatus.RUNNING, started_at__lt=now - timedelta(minutes=10))
    ids = list(waiting.values_list("pk", flat=True)) + list(stale.values_list("pk", flat=True))
    for pk in ids:
        run_referral_import.apply_async(args=(pk,), retry=False)
    return len(ids)


@shared_task(name="reports.summarise_months")
def summarise_months() -> int:
    """Recompute the stored county-wide figures of past months that are dirty or new (reports.summary)."""
    from reports.summary import months_summarise

    return months_summarise()
