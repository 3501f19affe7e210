"""Seed referrals and clocks with SQL generate_series straight into the real tables, then time the
sweep's database phase (find due clocks through the index, write reminders, claim them with SKIP
LOCKED). Each timing runs inside a transaction that is rolled back, so it can be repeated.

Usage: python bench/sla_sweep.py 100000 1000000  (run by bench/sla_sweep.sh on its own database)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg import sql  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from devtools.seed import without_change_history  # noqa: E402
from providers.models import District, Organisation  # noqa: E402
from referrals.models import Referral  # noqa: E402
from sla.models import Clock, Reminder  # noqa: E402
from sla.services import reminders_create_due  # noqa: E402

OPEN = int(os.environ.get("SLA_BENCH_OPEN", "50000"))
DUE = 500
REPEATS = 5

# Values for the referral columns the benchmark cares about; every other NOT NULL column gets an
# empty value of its type, so new columns added by other features do not break the script.
REFERRAL_SQL = {
    "first_name": "'Bench'",
    "last_name": "'Person ' || g",
    "date_of_birth": "date '1980-01-01' + mod(g, 10000)",
    "gender": "'woman'",
    "postcode": "'ME10 3AB'",
    "language": "'English'",
    "perpetrator_relationship": "'partner'",
    "source": "'police'",
    "channel": "'phone'",
    "consent_given": "true",
    "received_at": "now() - (g || ' minutes')::interval",
    "created_at": "now()",
    "state_changed_at": "now()",
    "state": "CASE WHEN g <= %(open)s THEN 'received' ELSE 'closed' END",
    "district_id": "%(district)s",
}


def _empty(field: models.Field[Any, Any]) -> str:
    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, (models.CharField, models.TextField)):
        return "''"
    if isinstance(field, models.JSONField):
        return "'{}'::jsonb"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "0"
    if isinstance(field, models.DateTimeField):
        return "now()"
    if isinstance(field, models.DateField):
        return "current_date"
    raise SystemExit(f"bench/sla_sweep.py: say how to fill referrals.{field.column}")


def seed(first: int, last: int) -> None:
    """Referrals first..last. The first OPEN are open with a running triage clock, DUE of them due;
    the others are closed, each with a stopped clock (history grows with the table)."""
    district = District.objects.get(slug="swale").pk
    triage_org = Organisation.objects.get(kind=Organisation.Kind.TRIAGE).pk
    columns, values = [], []
    for field in Referral._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        values.append(REFERRAL_SQL.get(field.column, _empty(field)) % {"open": OPEN, "district": district})
    with connection.cursor() as cursor:
        with without_change_history():  # synthetic rows: no audit history (a row trigger per row)
            insert = sql.SQL("INSERT INTO {table} (id, {columns}) SELECT g, {values} FROM generate_series(%s, %s) AS g")
            cursor.execute(
                insert.format(
                    table=sql.Identifier(Referral._meta.db_table),
                    columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
                    values=sql.SQL(", ").join(map(sql.SQL, values)),  # this module's own SQL expressions
                ).as_string(),
                [first, last],
            )
        cursor.execute(
            """
            INSERT INTO sla_clock (referral_id, stage, risk_level, organisation_id, started_at, due_at,
                                   remind_at, escalate_at, next_reminder_at, stopped_at, met)
            SELECT g, 'triage', 'medium', %(org)s, now() - interval '1 day',
                   due, due - interval '2 hours', due + interval '4 hours',
                   CASE WHEN g <= %(open)s THEN due - interval '2 hours' END,
                   CASE WHEN g > %(open)s THEN now() - interval '1 day' + interval '3 hours' END,
                   CASE WHEN g > %(open)s THEN true END
            FROM (
                SELECT g, CASE WHEN g <= %(due)s THEN now() - interval '1 hour'
                               ELSE now() + interval '1 day' + mod(g, 1000) * interval '1 minute' END AS due
                FROM generate_series(%(first)s, %(last)s) AS g
            ) AS s
            """,
            {"org": triage_org, "open": OPEN, "due": DUE, "first": first, "last": last},
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('referrals_referral', 'id'), (SELECT max(id) FROM referrals_referral))"
        )
        cursor.execute("ANALYZE referrals_referral; ANALYZE sla_clock; ANALYZE sla_reminder")


class Rollback(Exception):
    pass


def time_sweep() -> float:
    """Milliseconds to find the due clocks, write their reminders and claim them (no email sent)."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            handled = reminders_create_due(now=timezone.now())
            claimed = list(
                Reminder.objects.select_for_update(skip_locked=True).filter(sent_at__isnull=True).order_by("id")[:1000]
            )
            if handled != DUE or len(claimed) != DUE:
                raise SystemExit(
                    f"bench/sla_sweep.py: expected {DUE} due reminders, made {handled}, claimed {len(claimed)}"
                )
            elapsed = (time.perf_counter() - started) * 1000
            raise Rollback
    except Rollback:
        return elapsed


def main(sizes: list[int]) -> None:
    User.objects.get_or_create(
        username="bench.triage",
        defaults={"role": Role.TRIAGE_WORKER, "organisation": Organisation.objects.get(kind=Organisation.Kind.TRIAGE)},
    )
    results: dict[int, float] = {}
    seeded = 0
    for size in sorted(sizes):
        started = time.perf_counter()
        seed(seeded + 1, size)
        seeded = size
        print(f"# seeded {size:,} referrals and clocks in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        if Clock.objects.filter(stopped_at__isnull=True).count() != OPEN:
            raise SystemExit(f"bench/sla_sweep.py: the seed should leave {OPEN} running clocks")
        time_sweep()  # warm the cache
        runs = [time_sweep() for _ in range(REPEATS)]
        results[size] = statistics.median(runs)
        print(f"# {size:,}: runs {', '.join(f'{r:.1f}' for r in runs)} ms", file=sys.stderr)
    labels = {100_000: "100k", 500_000: "500k", 1_000_000: "1m"}
    for size, ms in results.items():
        print(f"sla_sweep_{labels.get(size, str(size))}_ms: {ms:.1f}")
    small, large = min(results), max(results)
    print(f"sla_sweep_growth_ratio: {results[large] / results[small]:.2f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000])
