"""A Celery worker whose reminder sender holds each claim for a while, so a test can kill it mid-send
(tests/sla/test_faults.py) or run two senders side by side, each holding its claims.

    python -m tests.sla.slow_sender SECONDS celery -A config worker ...

The sender claims an unsent reminder (its row locked, SKIP LOCKED for the others) and marks it sent with
`reminder.save(update_fields=["sent_at"])` in the same transaction; this worker waits in Django's pre_save
signal for that save, so the reminder stays claimed and unsent for SECONDS. The product code knows nothing
of it. The worker then runs as `python -m tests.calendar_clock celery ...` runs it (on the calendar
check's clock when that is on)."""

from __future__ import annotations

import runpy
import sys
import time
from typing import Any

from django.db.models import Model
from django.db.models.signals import pre_save


def hold_each_claim(seconds: float) -> None:
    """Wait `seconds` before every reminder is marked sent, inside the sender's transaction."""

    def wait_before_marking_sent(
        sender: type[Model], update_fields: frozenset[str] | None = None, **kwargs: Any
    ) -> None:
        if sender._meta.label == "sla.Reminder" and update_fields and "sent_at" in update_fields:
            time.sleep(seconds)

    pre_save.connect(wait_before_marking_sent, weak=False, dispatch_uid="tests.sla.slow_sender")


if __name__ == "__main__":
    hold_each_claim(float(sys.argv.pop(1)))
    runpy.run_module("tests.calendar_clock", run_name="__main__", alter_sys=True)
