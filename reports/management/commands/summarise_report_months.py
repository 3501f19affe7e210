from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.summary import months_summarise


class Command(BaseCommand):
    help = "Recompute the stored county-wide monthly figures the quarterly return reads (what the beat task does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=1000, help="At most this many months")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        done = months_summarise(limit=options["limit"])
        self.stdout.write(f"{done} months summarised in {time.monotonic() - started:.1f}s")
