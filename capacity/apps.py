from __future__ import annotations

from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = "Demand and capacity"
    default_auto_field = "django.db.models.BigAutoField"
