"""Celery tasks take ids (or nothing), and call a service."""

from __future__ import annotations

from celery import shared_task

from accommodation.children_service import child_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True, name="accommodation.children_sweep")
def children_sweep() -> tuple[int, int]:
    """Run by beat (CELERY_BEAT_SCHEDULE): the children's service's 12-week clocks are rows in PostgreSQL,
    so a lost or doubled run changes nothing: the next one picks up what is left."""
    return child_sweep()
