from __future__ import annotations

from django.apps import AppConfig


class AccommodationConfig(AppConfig):
    name = "accommodation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The scheme's reference data loads with the rest (providers.events.reference_data_loaded).
        from accommodation.sanctuary import reference

        reference.connect()
