from __future__ import annotations

from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = "Service levels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to referrals' events (referrals/events.py): referrals never calls sla directly.
        from sla import handlers  # breach_summary: its kind of stored figures, for the beat task

        handlers.connect()
