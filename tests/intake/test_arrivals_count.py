from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.selectors import arrivals_by_door
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def test_it_counts_arrivals_by_channel_and_source_in_the_period(ref: None) -> None:
    now = timezone.now()
    for _ in range(2):
        ReferralFactory(channel="online", source="self", received_at=now - timedelta(days=1))
    ReferralFactory(channel="partner_api", source="police", received_at=now - timedelta(days=2))
    ReferralFactory(channel="partner_form", source="police", received_at=now - timedelta(days=40))

    rows = arrivals_by_door(since=now - timedelta(days=30), until=now)

    assert rows == [
        {"channel": "online", "source": "self", "count": 2},
        {"channel": "partner_api", "source": "police", "count": 1},
    ]
