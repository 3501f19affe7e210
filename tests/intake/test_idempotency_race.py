"""N partner requests with the same reference at the same moment: exactly one referral."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from intake.models import PartnerReference
from referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def test_it_creates_one_referral_from_simultaneous_duplicate_posts(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    body = partner_payload("POL-RACE")
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    references: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = with_key(police_key)
            barrier.wait()
            response = client.post("/api/v1/partner-referrals/", body, format="json")
            statuses.append(response.status_code)
            references.append(response.json()["reference"])
        except BaseException as exc:  # noqa: BLE001 - reported below, from the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(statuses) == [200] * (THREADS - 1) + [201]
    assert len(set(references)) == 1
    assert Referral.objects.count() == 1
    assert PartnerReference.objects.count() == 1
