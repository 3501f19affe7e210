"""Sessions are read from Redis with the database behind them: fast, revocable, and never the reason
a request fails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_signing_out_ends_the_session_on_the_server(client: Client, triage) -> None:
    client.force_login(triage)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/referrals/queue/").status_code == 200
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get("/referrals/queue/").status_code == 302  # back to sign-in


def test_with_redis_unreachable_people_stay_signed_in(client: Client, triage, settings) -> None:
    client.force_login(triage)
    dead = {**settings.CACHES["sessions"], "LOCATION": "redis://127.0.0.1:1/1"}
    settings.CACHES = {**settings.CACHES, "sessions": dead}
    assert client.get("/referrals/queue/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/referrals/queue/").status_code == 302
