from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Loads its reference rows when providers' are loaded, and adds its links to the referral's page.
        from monitoring import handlers

        handlers.connect()
