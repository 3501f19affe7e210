from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Commissioner reporting"

    def ready(self) -> None:
        # The return's kind of stored figures, registered wherever the beat task may count it again.
        from reports import stored_returns  # noqa: F401
