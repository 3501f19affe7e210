"""Idle timeout: a session that makes no request for 30 minutes is signed out; activity keeps it
alive. The activity stamp is written at most once a minute, so busy pages do not save on every read."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone

from accounts.middleware import LAST_ACTIVITY_SESSION_KEY

pytestmark = pytest.mark.django_db


def stamp(client) -> int:
    return SessionStore(client.cookies["sessionid"].value)[LAST_ACTIVITY_SESSION_KEY]


def test_thirty_idle_minutes_sign_you_out(client, triage) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(triage)
        assert client.get("/referrals/queue/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get("/referrals/queue/", follow=True)
    assert response.request["PATH_INFO"] == "/accounts/login/"
    assert "signed out because you did nothing for 30 minutes" in response.content.decode()


def test_it_is_idle_time_not_session_age_that_counts(client, triage) -> None:
    start = timezone.now()
    client.force_login(triage)
    for minutes in (0, 20, 40, 60, 80):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/referrals/queue/").status_code == 200, minutes


def test_the_stamp_is_written_at_most_once_a_minute(client, triage) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(triage)
        client.get("/referrals/queue/")
        first = stamp(client)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        response = client.get("/referrals/queue/")
        assert "sessionid" not in response.cookies  # nothing saved: no Set-Cookie
        assert stamp(client) == first
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/referrals/queue/")
        assert stamp(client) == first + 61


def test_the_idle_limit_is_a_setting(client, triage, settings) -> None:
    settings.SESSION_IDLE_SECONDS = 5 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(triage)
        client.get("/referrals/queue/")
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get("/referrals/queue/").status_code == 302
