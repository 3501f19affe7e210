"""Two-factor sign-in: a password alone opens nothing; the first sign-in sets up an authenticator and
shows recovery codes once; later sign-ins ask for a code or a recovery code."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.two_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def password_only(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def code_of_setup_page(html: str) -> str:
    """What the person's app would show after they typed in the setup key the page shows."""
    secret = re.search(r'id="setup-key">([A-Z2-7 ]+)<', html)
    assert secret is not None
    from base64 import b32decode

    key = b32decode(secret.group(1).replace(" ", ""))
    return f"{TOTP(key).token():06d}"


def test_it_keeps_every_page_and_api_closed_after_the_password_alone(client, triage) -> None:
    authenticator_of(triage)
    password_only(client, triage)
    for url in ("/", "/referrals/queue/", "/cases/", "/admin/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/two-factor/?next="), url
    api = client.get("/api/v1/referrals/")
    assert api.status_code == 403
    assert "two-factor" in api.json()["detail"]


def test_it_tells_htmx_to_leave_the_page_for_the_code_step(client, triage) -> None:
    authenticator_of(triage)
    password_only(client, triage)
    response = client.get("/referrals/queue/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/accounts/two-factor/")


def test_the_public_self_referral_stays_open(client, triage, ref) -> None:
    password_only(client, triage)
    assert client.get("/get-help/").status_code == 200


def test_the_code_opens_the_page_asked_for(client, triage) -> None:
    device = authenticator_of(triage)
    client.post("/accounts/login/?next=/cases/", {"username": triage.username, "password": PASSWORD, "next": "/cases/"})
    page = client.get("/accounts/two-factor/?next=/referrals/queue/")
    assert "Enter your security code" in page.content.decode()
    response = client.post("/accounts/two-factor/", {"code": current_code(device), "next": "/referrals/queue/"})
    assert response.status_code == 302
    assert response["Location"] == "/referrals/queue/"
    assert client.get("/referrals/queue/").status_code == 200


def test_a_wrong_code_is_refused_plainly(client, triage) -> None:
    authenticator_of(triage)
    password_only(client, triage)
    response = client.post("/accounts/two-factor/", {"code": "000000"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "The code is not right" in response.content.decode()
    assert client.get("/referrals/queue/").status_code == 302


def test_a_code_works_once(client, triage) -> None:
    device = authenticator_of(triage)
    code = current_code(device)
    password_only(client, triage)
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    other = Client()
    password_only(other, triage)
    assert other.post("/accounts/two-factor/", {"code": code}).status_code == 200  # refused


def test_an_offsite_next_is_ignored(client, triage) -> None:
    device = authenticator_of(triage)
    password_only(client, triage)
    response = client.post("/accounts/two-factor/", {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_first_sign_in_sets_up_the_authenticator_and_shows_recovery_codes_once(client, triage, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    password_only(client, triage)
    assert client.get("/accounts/two-factor/")["Location"].startswith("/accounts/two-factor/set-up/")
    page = client.get("/accounts/two-factor/set-up/")
    html = page.content.decode()
    assert 'src="/accounts/two-factor/set-up/qr-code.svg"' in html
    assert "<script" not in html.split("</footer>")[0]
    qr = client.get("/accounts/two-factor/set-up/qr-code.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") and b"<svg" in qr.content
    assert b"<script" not in qr.content

    assert client.post("/accounts/two-factor/set-up/", {"code": "123456"}).status_code == 200  # wrong: asked again
    done = client.post("/accounts/two-factor/set-up/", {"code": code_of_setup_page(html)})

    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/referrals/queue/").status_code == 200
    assert client.get("/accounts/two-factor/set-up/qr-code.svg").status_code == 404  # the secret is not shown again
    assert client.get("/accounts/two-factor/set-up/")["Location"].startswith("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=triage, confirmed=True).count() == 1


def test_a_recovery_code_signs_in_once(client, triage) -> None:
    authenticator_of(triage)
    codes = two_factor.recovery_codes_issue(user=triage)
    password_only(client, triage)
    response = client.post("/accounts/two-factor/", {"code": f"{codes[0][:4]}-{codes[0][4:]}".upper()}, follow=True)
    assert response.status_code == 200
    assert f"You have {len(codes) - 1} left" in response.content.decode()
    again = Client()
    password_only(again, triage)
    assert again.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 200  # used up


def test_new_recovery_codes_replace_the_old(client, triage) -> None:
    old = two_factor.recovery_codes_issue(user=triage)
    client.force_login(triage)
    assert "You have 10 unused recovery codes" in client.get("/accounts/recovery-codes/").content.decode()
    page = client.post("/accounts/recovery-codes/").content.decode()
    new = [c.replace("-", "") for c in re.findall(r"<code>([a-z2-7-]{9})</code>", page)]
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.two_factor_verify(user=triage, code=old[1]) is None


def test_the_admin_sign_in_goes_through_the_same_steps(client, administrator) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_api_token_needs_the_code_too(client, triage, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    device = authenticator_of(triage)
    body = {"username": triage.username, "password": PASSWORD}
    assert client.post("/api/v1/auth/token/", body, content_type="application/json").status_code == 400
    wrong = client.post("/api/v1/auth/token/", {**body, "otp_code": "000000"}, content_type="application/json")
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "Wrong username, password or code"}
    right = client.post(
        "/api/v1/auth/token/", {**body, "otp_code": current_code(device)}, content_type="application/json"
    )
    assert right.status_code == 200 and right.json()["token"]


def test_an_api_token_waits_for_the_authenticator_to_be_set_up(client, triage) -> None:
    response = client.post(
        "/api/v1/auth/token/",
        {"username": triage.username, "password": PASSWORD, "otp_code": "123456"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Set up two-factor" in response.json()["detail"]


def test_the_partner_api_answers_on_its_key_whatever_the_session(client, triage, ref) -> None:
    from intake import services
    from providers.models import Organisation

    key = services.partner_api_key_issue(organisation=Organisation.objects.get(slug="kent-police"), name="Athena")[1]
    authenticator_of(triage)
    password_only(client, triage)
    response = client.get("/api/v1/partner-referrals/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 200


def test_api_tokens_are_not_held_up_by_the_code_step(client, triage) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=triage)
    assert client.get("/api/v1/referrals/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
