from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from devtools.seed import episode_entries_recounted_after, seed_referrals, seed_report_extras
from referrals.models import Referral
from reports.summary import months_summarise


class Command(BaseCommand):
    help = "Fill the database with N synthetic referrals over the real models (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument(
            "--top-up", action="store_true", help="Only add what is missing to reach COUNT referrals in all"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["count"]
        if options["top_up"]:
            wanted -= Referral.objects.count()
        started = time.monotonic()
        timings: dict[str, float] = {}
        with episode_entries_recounted_after():
            made = seed_referrals(wanted, timings=timings) if wanted > 0 else 0
            seed_report_extras()  # clocks, support, closures and MARAC listings for the reports
        if made and not connection.in_atomic_block:
            # What autovacuum would do in its own time: mark the new pages of every table seeded (referrals,
            # their clocks, people, support, MARAC listings) all-visible, so that walking the open clocks or
            # counting a caseload reads the index alone and the benchmarks measure the app, not a fresh bulk
            # load (a database server may run without autovacuum: then nothing else would).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        # What the beat task (reports.summarise_months) does every few minutes: store the past months' county
        # figures, so the dashboard and the return are measured as a running service serves them.
        months_summarise(limit=1000)
        self.stdout.write(
            f"{made} referrals seeded in {time.monotonic() - started:.1f}s ({Referral.objects.count()} in all)"
        )
        if "people" in timings:
            self.stdout.write(f"their people (the data migration's SQL) made in {timings['people']:.1f}s")
