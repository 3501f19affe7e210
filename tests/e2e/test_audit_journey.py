"""A Centra worker corrects a misspelt name with a reason; their manager opens the case's audit trail and
sees who looked and what changed; an administrator searches the trail by record. Every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.test_caseload_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_correction_shows_on_the_timeline_and_in_the_trail(
    live_server: Any, page: Any, open_case: Any, centra_worker: Any, centra_manager: Any, administrator: Any
) -> None:
    case = open_case(centra_worker, last_name="Smyth")
    sign_in(page, live_server.url, centra_worker)
    page.goto(f"{live_server.url}/referrals/{case}/")
    page.get_by_role("link", name="Correct a detail").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Detail to correct").select_option(label="Last name")
    page.get_by_label("Correct value").fill("Smith")
    page.get_by_label("Why it is being corrected").fill("Misheard on the phone")
    page.get_by_role("button", name="Record the correction").click()
    page.get_by_text("Correction recorded").wait_for()
    assert "Misheard on the phone" in page.content()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, centra_manager)
    page.goto(f"{live_server.url}/referrals/{case}/")
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_role("heading", name="Audit trail").wait_for()
    assert serious_accessibility_violations(page) == []
    assert centra_worker.username in page.locator("#access-events").inner_text()
    assert "Smyth" in page.locator("#change-events").inner_text()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, administrator)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Referral id").fill(str(case))
    page.get_by_role("button", name="Search").click()
    assert serious_accessibility_violations(page) == []
    assert centra_manager.username in page.locator("#access-events").inner_text()
    assert page.locator("#subject-access").is_visible()
