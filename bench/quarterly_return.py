"""Times the county-wide quarterly return next to a plain SELECT count(*) over the referrals table,
in the same run on the same database, and prints `quarterly_return_ratio: value` (return time over
count time). Each is run once to warm the cache, then timed REPEATS times; the medians are compared.

Usage: python bench/quarterly_return.py   (run by bench/quarterly_return.sh, DATABASE_URL set)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from reports.access import ReportScope  # noqa: E402
from reports.periods import current_quarter  # noqa: E402
from reports.selectors import quarterly_return  # noqa: E402

REPEATS = int(os.environ.get("QUARTERLY_RETURN_REPEATS", "7"))


def timed(run: Callable[[], object]) -> float:
    samples = []
    for n in range(REPEATS + 1):
        started = time.perf_counter()
        run()
        if n:  # the first run warms the cache
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def count_referrals() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM referrals_referral")
        return int(cursor.fetchone()[0])


def main() -> None:
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: statistics and the visibility map, so both the count
        # and the return may read indexes alone.
        for table in (
            "referrals_referral",
            "sla_clock",
            "casework_supportepisode",
            "casework_closure",
            "marac_maracreferral",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    # The last complete financial quarter, so the same quarter last year is complete too.
    period = current_quarter(timezone.localdate())
    period = current_quarter(period.start - timedelta(days=1))
    county = ReportScope(suppressed=True)
    result = quarterly_return(county, period)
    count_ms = timed(count_referrals)
    return_ms = timed(lambda: quarterly_return(county, period))
    print(
        f"# period {period.label}: {result.this.received} referrals received, {result.last.received} a year before",
        file=sys.stderr,
    )
    print(f"referrals: {count_referrals()}")
    print(f"referral_count_ms: {count_ms:.1f}")
    print(f"quarterly_return_ms: {return_ms:.1f}")
    print(f"quarterly_return_ratio: {return_ms / count_ms:.2f}")


if __name__ == "__main__":
    main()
