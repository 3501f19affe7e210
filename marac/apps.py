from __future__ import annotations

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "marac"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to referrals' events (referrals/events.py): referrals never calls marac directly.
        # stored_quarters registers its kind of stored figures, wherever the beat task may count it again.
        from marac import handlers, stored_quarters  # noqa: F401

        handlers.connect()
