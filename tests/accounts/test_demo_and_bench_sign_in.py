"""The demo and the benchmark still get in with two-factor sign-in on: demo users have an
authenticator with the published demo secret, and a benchmark session is already past the code step."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from devtools.demo import demo_users_create

pytestmark = pytest.mark.django_db


def test_a_benchmark_session_opens_the_caseload_page_and_api(centra_worker, settings) -> None:
    settings.KIDAS_DEMO = True
    out = StringIO()
    call_command("bench_session", "--username", centra_worker.username, stdout=out)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = out.getvalue().strip()
    assert client.get("/cases/").status_code == 200
    assert client.get("/api/v1/caseload/").status_code == 200


def test_demo_users_sign_in_with_the_printed_code(client, ref, settings) -> None:
    settings.KIDAS_DEMO = True
    demo_users_create()
    logins = StringIO()
    call_command("demo_logins", stdout=logins)
    assert "KIDASDEMOTOTPSECRETKIDASDEMOTOTP" in logins.getvalue()
    code = StringIO()
    call_command("demo_code", "triage", stdout=code)

    client.post("/accounts/login/", {"username": "triage", "password": "demo-password-2026"})
    response = client.post("/accounts/two-factor/", {"code": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/referrals/queue/").status_code == 200


def test_demo_codes_are_not_printed_outside_the_demo(ref) -> None:
    assert not settings.KIDAS_DEMO
    with pytest.raises(CommandError):
        call_command("demo_code", "triage")
