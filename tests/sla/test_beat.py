"""Beat runs the one sweep every minute, by the name the worker registers."""

from __future__ import annotations

from django.conf import settings

from config.celery import app
from sla.tasks import sweep


def test_beat_runs_the_sweep_every_minute() -> None:
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "sla.sweep"]
    assert entry["schedule"] == 60.0
    app.loader.import_default_modules()
    assert app.tasks["sla.sweep"].__module__ == sweep.__module__ == "sla.tasks"


def test_the_sweep_is_acknowledged_only_when_done() -> None:
    assert sweep.acks_late is True
    assert sweep.reject_on_worker_lost is True
