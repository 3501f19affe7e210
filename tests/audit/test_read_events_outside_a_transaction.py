"""The caseload runs outside a request transaction: its access event is committed with the statement
that reads the page (without waiting for the disk), and is there for the next reader."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from psycopg.pq import TransactionStatus

from audit.models import AccessEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_caseloads_event_is_committed_on_its_own(ref, centra_worker) -> None:
    client = Client()
    client.force_login(centra_worker)
    assert client.get("/api/v1/caseload/").status_code == 200
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    assert AccessEvent.objects.filter(user=centra_worker, what="GET /api/v1/caseload/").exists()


def test_they_can_wait_for_the_disk_like_every_other_commit(ref, centra_worker, settings) -> None:
    settings.AUDIT_ASYNCHRONOUS_READS = False
    client = Client()
    client.force_login(centra_worker)
    assert client.get("/cases/").status_code == 200
    assert AccessEvent.objects.filter(user=centra_worker, what="GET /cases/").exists()
