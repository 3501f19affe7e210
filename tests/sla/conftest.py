from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection, transaction

from config.celery import app as celery_app
from sla.deadlines import LONDON
from sla.models import Reminder
from tests import calendar_clock

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:6399/6"  # nothing listens here


@pytest.fixture
def clock_at() -> Iterator[time_machine.Traveller]:
    """Time stands still on Monday 23 November 2026 at 10:00 (London); move it with .move_to()."""
    with time_machine.travel(MONDAY_10AM, tick=False) as traveller:
        yield traveller


def wait_for(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout}s waiting for {check}")


class Workers:
    """Real `celery worker --pool=solo` processes on a queue of this test's own, against this
    test's database (committed rows: use transaction=True), writing emails as files."""

    def __init__(self, queue: str, mail_dir: Path) -> None:
        self.queue = queue
        self.mail_dir = mail_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *, hold_each_claim_seconds: float = 0, **env: str) -> subprocess.Popen[bytes]:
        """A worker; with hold_each_claim_seconds, its sender holds each claimed reminder that long
        before marking it sent (tests/sla/slow_sender.py), so a test can kill it mid-send."""
        log = self.mail_dir.parent / f"worker{len(self.processes)}.log"
        # The calendar check's clock, when it runs; plain `celery` otherwise (both wrappers keep to that).
        runner = ["tests.calendar_clock"]
        if hold_each_claim_seconds:
            runner = ["tests.sla.slow_sender", str(hold_each_claim_seconds)]
        process = subprocess.Popen(  # noqa: S603 (the command is this fixture's own, never outside input)
            [
                str(ROOT / ".venv/bin/python"),
                "-m",
                *runner,
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                self.queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "warning",
                "-n",
                f"{uuid.uuid4().hex[:8]}@%h",
            ],  # fmt: skip
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": f"postgres:///{connection.settings_dict['NAME']}",
                "REDIS_URL": django_settings.REDIS_URL,
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.mail_dir),
                **calendar_clock.worker_environment(),
                **env,
            },
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        # Redis drops a message sent to a queue nobody has declared yet: wait for the worker's binding.
        wait_for(self._declared)
        return process

    def _declared(self) -> bool:
        with celery_app.connection_for_write() as conn:
            return bool(conn.default_channel.client.exists(f"_kombu.binding.{self.queue}"))

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)

    def sweep(self) -> None:
        """Enqueue one sweep for these workers, as beat does every minute."""
        from sla.tasks import sweep

        sweep.apply_async(queue=self.queue, retry=False)

    def emails(self) -> int:
        return sum(path.read_text().count("Message-ID:") for path in self.mail_dir.glob("*.log"))

    def queue_empty(self, in_flight: int = 0) -> bool:
        """No sweep waiting in this test's queue and at most `in_flight` taken but not acknowledged
        (a killed worker's message stays unacknowledged until Redis's visibility timeout)."""
        with celery_app.connection_for_write() as conn:
            client = conn.default_channel.client
            waiting = client.llen(self.queue)
            taken = sum(1 for raw in client.hvals("unacked") if json.loads(raw)[2] == self.queue)
        return waiting == 0 and taken <= in_flight

    def reminder_locked(self) -> bool:
        """A sender holds an unsent reminder (our SKIP LOCKED select cannot take it)."""
        with transaction.atomic():
            unsent = Reminder.objects.filter(sent_at__isnull=True)
            free = len(unsent.select_for_update(skip_locked=True).values_list("pk", flat=True))
            return unsent.count() > free


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    pool = Workers(f"sla-test-{uuid.uuid4().hex[:12]}", mail_dir)
    yield pool
    pool.stop_all()


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker (a dead one, to play Redis being down)."""
    old = celery_app.conf.broker_url
    _use_broker(url)
    try:
        yield
    finally:
        _use_broker(old)


def _use_broker(url: str) -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url
