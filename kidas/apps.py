from __future__ import annotations

from django.apps import AppConfig


class KidasConfig(AppConfig):
    """The plumbing's one start-up step. Its one model is kidas.models.StoredFigures."""

    name = "kidas"

    def ready(self) -> None:
        from kidas.fsm import historical_state_fields_connect_nothing

        historical_state_fields_connect_nothing()
