"""An import the broker lost (queued for over a minute), or whose worker died (running for ten), is sent
again by the beat sweep; a fresh one is left alone. The sweep publishes to this test's own queue."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from reports.models import ImportStatus, ReferralImport
from reports.tasks import sweep_imports


@pytest.fixture
def queue() -> Iterator[str]:
    name = f"reports-sweep-{uuid.uuid4().hex[:12]}"
    celery_app.conf.task_routes = {"reports.run_referral_import": {"queue": name}}
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)
    yield name
    celery_app.conf.task_routes = None
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)
    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete(name)


def sent_ids(queue: str) -> list[int]:
    """The import ids of the messages waiting in the queue (Celery message protocol 2: body is [args, kwargs, embed])."""
    with celery_app.connection_for_write() as conn:
        raw = conn.default_channel.client.lrange(queue, 0, -1)
    return sorted(json.loads(base64.b64decode(json.loads(m)["body"]))[0][0] for m in raw)


def test_lost_and_stalled_imports_are_sent_again(administrator, queue) -> None:
    now = timezone.now()
    lost = ReferralImport.objects.create(uploaded_by=administrator, file_name="lost.csv", content="")
    ReferralImport.objects.filter(pk=lost.pk).update(uploaded_at=now - timedelta(minutes=2))
    ReferralImport.objects.create(uploaded_by=administrator, file_name="fresh.csv", content="")
    stalled = ReferralImport.objects.create(
        uploaded_by=administrator,
        file_name="stalled.csv",
        content="",
        status=ImportStatus.RUNNING,
        started_at=now - timedelta(minutes=11),
    )
    ReferralImport.objects.create(
        uploaded_by=administrator,
        file_name="busy.csv",
        content="",
        status=ImportStatus.RUNNING,
        started_at=now - timedelta(minutes=1),
    )
    assert sweep_imports() == 2
    assert sent_ids(queue) == sorted([lost.pk, stalled.pk])
