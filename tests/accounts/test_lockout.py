"""Lockout: five failed sign-ins (passwords or codes) for one username from one address lock that
pair out for 30 minutes, on the page and the token API alike; an administrator can unlock."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.two_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def sign_in(client: Client, username: str, password: str, **extra) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def fail_five_times(client: Client, username: str) -> None:
    for _ in range(5):
        sign_in(client, username, "wrong password")


def test_five_wrong_passwords_lock_the_account_from_that_address(client, triage) -> None:
    for _ in range(4):
        assert sign_in(client, triage.username, "wrong").status_code == 200
    locked = sign_in(client, triage.username, "wrong")
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in locked.content.decode()
    assert "30 minutes" in locked.content.decode()

    right = sign_in(client, triage.username, PASSWORD)
    assert right.status_code == 429  # even the right password
    assert client.get("/referrals/queue/").status_code == 302


def test_another_address_is_not_locked(client, triage) -> None:
    fail_five_times(client, triage.username)
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(elsewhere, triage.username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_30_minutes(client, triage) -> None:
    fail_five_times(client, triage.username)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert sign_in(client, triage.username, PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, triage, administrator) -> None:
    fail_five_times(Client(), triage.username)
    attempt = AccessAttempt.objects.get(username=triage.username)
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    assert triage.username in client.get("/admin/axes/accessattempt/").content.decode()
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert sign_in(Client(), triage.username, PASSWORD).status_code == 302


def test_wrong_codes_count_too(client, triage, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = authenticator_of(triage)
    assert sign_in(client, triage.username, PASSWORD).status_code == 302
    for _ in range(4):
        assert client.post("/accounts/two-factor/", {"code": "000000"}).status_code == 200
    locked = client.post("/accounts/two-factor/", {"code": "000000"})
    assert locked.status_code == 429
    # The half-signed-in session is ended, and the password step is locked too.
    assert client.post("/accounts/two-factor/", {"code": current_code(device)})["Location"].startswith(
        "/accounts/login/"
    )
    assert sign_in(client, triage.username, PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(client, triage) -> None:
    device = authenticator_of(triage)
    for _ in range(4):
        sign_in(client, triage.username, "wrong")
    sign_in(client, triage.username, PASSWORD)
    assert client.post("/accounts/two-factor/", {"code": current_code(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username=triage.username).exists()


def test_the_token_api_locks_out_too(client, triage) -> None:
    device = authenticator_of(triage)
    for _ in range(4):
        response = client.post(
            "/api/v1/auth/token/",
            {"username": triage.username, "password": "wrong", "otp_code": "000000"},
            content_type="application/json",
        )
        assert response.status_code == 400
    locked = client.post(
        "/api/v1/auth/token/",
        {"username": triage.username, "password": "wrong", "otp_code": "000000"},
        content_type="application/json",
    )
    assert locked.status_code == 429
    assert "Try again in 30 minutes" in locked.json()["detail"]
    right = client.post(
        "/api/v1/auth/token/",
        {"username": triage.username, "password": PASSWORD, "otp_code": current_code(device)},
        content_type="application/json",
    )
    assert right.status_code == 429
