"""A police officer signs in, makes a referral through the partner form, and follows its coarse
status under "Your referrals". Every page on the way is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from referrals.models import Referral
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_a_police_officer_makes_a_referral_and_sees_it_received(live_server: Any, page: Any, police_user: Any) -> None:
    sign_in(page, live_server.url, police_user)

    page.get_by_role("link", name="Make a referral").first.click()
    page.get_by_role("heading", name="Make a referral").wait_for()
    check_accessible(page)
    page.get_by_label("First name").first.fill("Bea")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("group", name="Gender").get_by_label("Woman").check()
    page.get_by_label("District").select_option(label="Swale")
    page.get_by_label("Safe phone number").fill("07700 900222")
    page.get_by_label("When is it safe to make contact?").fill("Mornings")
    page.get_by_role("group", name="Relationship to the person").get_by_label("Partner", exact=True).check()
    page.get_by_label("Your agency").select_option(label="Police")
    page.get_by_label("How we can contact the referrer").fill("01622 000000")
    page.get_by_role("group", name="Has the person agreed to this referral?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send referral").click()

    page.get_by_role("heading", name="Your organisation's referrals").wait_for()
    check_accessible(page)
    referral = Referral.objects.get()
    row = page.locator("#partner-referrals tbody tr").first
    assert referral.reference in row.inner_text()
    assert "Received" in row.inner_text()
    assert "Bea" not in page.content()
    assert (referral.channel, referral.created_by_id) == ("partner_form", police_user.pk)
