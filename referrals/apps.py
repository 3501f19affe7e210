from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to the events of the layers below (ARCHITECTURE.md), never called from them.
        from referrals import handlers

        handlers.connect()
