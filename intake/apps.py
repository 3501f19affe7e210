from __future__ import annotations

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """No wrong door: the public self-referral, the partner referral form and the partner API."""

    name = "intake"
    default_auto_field = "django.db.models.BigAutoField"
