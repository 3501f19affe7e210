from __future__ import annotations

from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = "Service levels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to referrals' events (referrals/events.py): referrals never calls sla directly.
        # breach_summary registers its kind of stored figures, wherever the beat task may count it again.
        from sla import breach_summary, handlers  # noqa: F401

        handlers.connect()
