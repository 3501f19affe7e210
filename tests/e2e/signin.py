"""The one way e2e tests sign in: password, then the code the user's authenticator app shows now.

A user without an authenticator gets one first (as if they had set it up), so the journey starts
at the page after sign-in. tests/e2e/test_two_factor_set_up.py walks the first-time set-up itself."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from tests.two_factor import authenticator_of, current_code

TEST_PASSWORD = "correct-horse-battery-staple"


def sign_in(page: Any, base_url: str, user_or_username: Any, password: str = TEST_PASSWORD) -> None:
    user = User.objects.get(username=user_or_username) if isinstance(user_or_username, str) else user_or_username
    device = authenticator_of(user)
    page.context.clear_cookies()  # signs in afresh, whoever this browser was signed in as
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter your security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
