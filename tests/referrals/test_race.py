"""Two workers racing the same transition: exactly one wins. Real threads, real transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from referrals.models import StateChange

WORKERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_one_wins(create_referral, assess, centra_worker) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 11)
    clients = []
    for _ in range(WORKERS):
        client = Client()
        client.force_login(centra_worker)
        clients.append(client)
    start = threading.Barrier(WORKERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def accept(client: Client) -> None:
        try:
            start.wait()
            response = client.post(f"/api/v1/referrals/{referral['id']}/accept/", {}, content_type="application/json")
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200] + [409] * (WORKERS - 1)
    assert StateChange.objects.filter(referral_id=referral["id"], transition="accept").count() == 1
