from __future__ import annotations

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """No wrong door: the public self-referral, the partner referral form and the partner API."""

    name = "intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from intake import handlers
        from referrals.events import survivor_candidates_wanted

        survivor_candidates_wanted.connect(handlers.known_people_for_new_referral, dispatch_uid="intake-candidates")
