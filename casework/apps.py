from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # React to the events of the layers below (ARCHITECTURE.md), never called from them.
        from casework import handlers

        handlers.connect()
