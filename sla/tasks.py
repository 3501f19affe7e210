"""Celery tasks take ids (or nothing), and call a service."""

from __future__ import annotations

from celery import shared_task

from sla.services import sla_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True, name="sla.sweep")
def sweep() -> tuple[int, int]:
    """Run by beat every minute (CELERY_BEAT_SCHEDULE). Everything it needs is in PostgreSQL,
    so a lost or doubled run changes nothing: the next one picks up what is left."""
    return sla_sweep()
