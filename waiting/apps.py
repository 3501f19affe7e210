from __future__ import annotations

from django.apps import AppConfig


class WaitingConfig(AppConfig):
    name = "waiting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to referrals' events (referrals/events.py): a referral taken on, declined or withdrawn leaves
        # the waiting list; one routed to a service at capacity joins it.
        from waiting import handlers

        handlers.connect()
