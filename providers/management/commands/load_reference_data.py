from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from providers.services import reference_data_load


class Command(BaseCommand):
    help = "Load districts, areas, organisations, services, MARACs, routing rules and the risk checklist. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_data_load()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
