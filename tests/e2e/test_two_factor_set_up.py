"""A new member of staff signs in for the first time: password, then setting up an authenticator app
from the QR code (or the setup key), then saving recovery codes, then work. The next sign-in asks for
a code. No page on the way breaks the Content Security Policy; each is checked with axe-core."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import TEST_PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_first_sign_in_sets_up_two_factor_then_the_next_asks_for_a_code(
    live_server: Any, page: Any, triage: Any
) -> None:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/referrals/queue/")
    page.get_by_label("Username").fill(triage.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    check_accessible(page)
    qr = page.get_by_role("img", name="QR code to add KIDAS Triage to your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Enter the code from the app").fill(f"{TOTP(b32decode(secret)).token():06d}")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    check_accessible(page)
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.get_by_role("heading", name="Triage queue").wait_for()

    page.get_by_role("button", name=f"Sign out {triage.get_full_name()}").click()
    page.get_by_role("heading", name="Sign in to KIDAS Triage").wait_for()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(triage.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    check_accessible(page)
    page.get_by_label("Enter your security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    check_accessible(page)
    assert refused == []


def test_the_shared_sign_in_helper_reaches_the_first_page(live_server: Any, page: Any, triage: Any) -> None:
    sign_in(page, live_server.url, triage)
    page.get_by_role("heading", name="Triage queue").wait_for()
