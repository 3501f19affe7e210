from __future__ import annotations

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "marac"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to referrals' events (referrals/events.py): referrals never calls marac directly.
        from marac import handlers  # stored_quarters: its kind of stored figures, for the beat task

        handlers.connect()
