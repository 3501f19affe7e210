"""The caseload runs outside a request transaction: its access event is committed with the statement
that reads the page, waiting for the disk like every other commit, and is there for the next reader."""

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


def test_it_waits_for_the_disk(ref, centra_worker) -> None:
    """No setting turns the caseload's access events asynchronous: the statement keeps the server's
    synchronous_commit (on by default), like every other commit."""
    client = Client()
    client.force_login(centra_worker)
    assert client.get("/cases/").status_code == 200
    assert AccessEvent.objects.filter(user=centra_worker, what="GET /cases/").exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
