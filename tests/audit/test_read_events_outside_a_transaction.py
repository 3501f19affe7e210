"""The caseload runs outside a request transaction: its access event is committed on its own (without
waiting for the disk), is there for the next reader, and a failure leaves the connection clean."""

from __future__ import annotations

import pytest
from django.db import DataError, connection
from django.test import Client, RequestFactory
from psycopg.pq import TransactionStatus

from audit.models import AccessEvent
from audit.services import access_record

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_caseloads_event_is_committed_on_its_own(ref, centra_worker) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(centra_worker)
    assert client.get("/api/v1/caseload/").status_code == 200
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    assert AccessEvent.objects.filter(user=centra_worker, what="GET /api/v1/caseload/").exists()


def test_a_failed_event_leaves_no_open_transaction(ref) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/api/v1/caseload/")
    with pytest.raises(DataError):
        access_record(request=request, action="x" * 50, records=[1])  # longer than the column allows
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    access_record(request=request, action="list", records=[1])
    assert AccessEvent.objects.filter(action="list", referral_ids=[1]).exists()


def test_they_can_wait_for_the_disk_like_every_other_commit(ref, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_ASYNCHRONOUS_READS = False
    access_record(request=RequestFactory().get("/cases/"), action="list", records=[2])
    assert AccessEvent.objects.filter(referral_ids=[2]).exists()
