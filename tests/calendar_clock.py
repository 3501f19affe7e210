"""The calendar check's clock: the whole test run, the database included, as if it were another moment.

`make calendar` runs the date-sensitive tests with KIDAS_TEST_NOW set to awkward moments (a Friday at 16:59,
Christmas Eve, a quarter's last evening, the clock changes, 29 February). From that moment on the clock runs:
- Python's clock is moved by time-machine, in the test process (the live server's thread included) and in
  each Celery worker a test starts (run through `python -m tests.calendar_clock celery ...`);
- PostgreSQL's clock (`now()`, `statement_timestamp()`, ..., which triggers and column defaults read) is moved
  by the same offset: every connection gets, through PGOPTIONS, a search path that finds the `test_clock`
  schema's functions before pg_catalog's, and the offset to add. Tables are still created in `public`.

Without KIDAS_TEST_NOW nothing here does anything.
"""

from __future__ import annotations

import os
import runpy
import sys
from datetime import UTC, datetime

import time_machine
from django.db.backends.utils import CursorWrapper

MOMENT = "KIDAS_TEST_NOW"
SCHEMA = "test_clock"
CLOCK_FUNCTIONS = ("now", "statement_timestamp", "transaction_timestamp", "clock_timestamp")


def start() -> None:
    """Move this process's clock (and its database connections') to KIDAS_TEST_NOW, if it is set."""
    moment = os.environ.get(MOMENT)
    if not moment:
        return
    at = datetime.fromisoformat(moment)
    offset = (at - datetime.now(UTC)).total_seconds()
    time_machine.travel(at, tick=True).start()
    os.environ["PGOPTIONS"] = f"-c search_path=public,{SCHEMA},pg_catalog -c kidas.clock_offset={offset:.6f}s"


def install_database_clock(cursor: CursorWrapper) -> None:
    """In the test database: the clock functions that add the offset (no-ops without KIDAS_TEST_NOW)."""
    if not os.environ.get(MOMENT):
        return
    statements = [f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"] + [
        f"CREATE OR REPLACE FUNCTION {SCHEMA}.{name}() RETURNS timestamptz LANGUAGE sql STABLE AS "
        f"$$ SELECT pg_catalog.{name}() + current_setting('kidas.clock_offset')::interval $$"
        for name in CLOCK_FUNCTIONS
    ]
    for statement in statements:
        cursor.execute(statement)


def worker_environment() -> dict[str, str]:
    """For a subprocess: start at this process's current (moved) moment."""
    if not os.environ.get(MOMENT):
        return {}
    return {MOMENT: datetime.now(UTC).isoformat()}


if __name__ == "__main__":
    # `python -m tests.calendar_clock celery -A config worker ...`: a Celery worker on the moved clock.
    start()
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
