from __future__ import annotations

from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = "Demand and capacity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The MARAC figures' kind of stored figures, registered wherever the beat task may count it again.
        from capacity import stored  # noqa: F401
