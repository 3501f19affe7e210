"""A triage worker signs in, records a high-risk referral in Swale, assesses it, and sees it
routed to Centra with a MARAC flag. Every page on the way is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

YES_ANSWERS = 15


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_triage_records_a_high_risk_swale_referral_and_it_reaches_centra_and_marac(
    live_server: Any, page: Any, triage: Any, question_keys: list[str]
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    check_accessible(page)
    sign_in(page, live_server.url, triage)

    page.get_by_role("heading", name="Triage queue").wait_for()
    check_accessible(page)
    page.get_by_role("link", name="New referral").click()

    page.get_by_role("heading", name="Record a referral").wait_for()
    check_accessible(page)
    page.get_by_label("First name").first.fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("1988")
    page.get_by_role("group", name="Gender").get_by_label("Woman").check()
    page.get_by_label("Postcode").fill("ME10 3AB")
    page.get_by_label("District").select_option(label="Swale")
    page.get_by_label("Safe phone number").fill("07700 900111")
    page.get_by_label("When is it safe to make contact?").fill("Weekdays after 10am")
    page.get_by_role("group", name="Relationship to the person").get_by_label("Ex-partner").check()
    page.get_by_label("Referral source").select_option(label="Police")
    page.get_by_role("group", name="Does the person consent to the referral?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and assess risk").click()

    page.get_by_role("heading", name="Risk identification checklist").wait_for()
    check_accessible(page)
    for index, key in enumerate(question_keys):
        answer = "Yes" if index < YES_ANSWERS else "No"
        page.locator(f"input[name='q_{key}'][value='{answer.lower()}']").check()
    page.locator("input[name='honour_based_abuse'][value='no']").check()
    page.get_by_role("button", name="Save assessment and route").click()

    page.locator("#routed-provider").wait_for()
    check_accessible(page)
    assert page.locator("#routed-provider").inner_text() == "Centra Care and Support"
    assert "MARAC: Swale MARAC" in page.locator("#marac-flag").inner_text()
    assert "High risk" in page.locator("#referral-status").inner_text()
    assert "Routed" in page.locator("#history").inner_text()
