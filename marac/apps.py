from __future__ import annotations

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "marac"
    default_auto_field = "django.db.models.BigAutoField"
