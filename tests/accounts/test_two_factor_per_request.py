"""The two-factor check on every request: it rides on the user's own lookup, and a device taken away
ends the verification of the sessions it opened at their next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice

from tests.two_factor import authenticator_of

pytestmark = pytest.mark.django_db


def test_it_checks_the_device_without_a_query_of_its_own(client: Client, centra_worker) -> None:
    client.force_login(centra_worker)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    assert not [q for q in queries if "otp_totp_totpdevice" in q["sql"] and "accounts_user" not in q["sql"]]


def test_deleting_the_authenticator_sends_its_sessions_back_to_the_code_step(client: Client, centra_worker) -> None:
    client.force_login(centra_worker)
    assert client.get("/cases/").status_code == 200
    authenticator_of(centra_worker).delete()
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_an_unconfirmed_device_verifies_nothing(client: Client, centra_worker) -> None:
    client.force_login(centra_worker)
    device = authenticator_of(centra_worker)
    device.confirmed = False
    device.save()
    assert client.get("/api/v1/caseload/").status_code == 403


def test_a_recovery_code_device_keeps_its_session_verified(client: Client, centra_worker) -> None:
    client.force_login(centra_worker)
    codes = StaticDevice.objects.create(user=centra_worker, name="Recovery codes", confirmed=True)
    session = client.session
    session["otp_device_id"] = codes.persistent_id
    session.save()
    assert client.get("/cases/").status_code == 200
