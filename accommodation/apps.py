from __future__ import annotations

from django.apps import AppConfig


class AccommodationConfig(AppConfig):
    name = "accommodation"
    default_auto_field = "django.db.models.BigAutoField"
