from __future__ import annotations

from celery import shared_task

from audit import retention


@shared_task(name="audit.retention_sweep", acks_late=True)
def retention_sweep() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): anonymise closed cases past the retention period."""
    return retention.retention_sweep()
