"""A Centra worker steps a high-risk Swale case down: refused without a reason, then sent to a manager with
one, and the case stays high. The manager finds it under Step-downs and approves; the case shows standard
and the flags of the earlier assessment (threats to kill, strangulation) are still on the case page."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Role
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in
from tests.factories import user_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_a_step_down_waits_for_a_manager_and_the_earlier_flags_stay_in_view(
    live_server: Any, page: Any, open_case: Any, centra_worker: Any, question_keys: list[str]
) -> None:
    manager = user_in("centra", Role.PROVIDER_MANAGER, username="colin.centra")
    case = open_case(centra_worker, "swale", 16)  # threats to kill and strangulation among the yes answers
    sign_in(page, live_server.url, centra_worker)
    page.goto(f"{live_server.url}/referrals/{case}/")
    assert "High risk" in page.locator("#referral-status").inner_text()

    page.get_by_role("link", name="Reassess risk").click()
    for key in question_keys:
        page.locator(f"input[name='q_{key}'][value='no']").check()
    page.locator("input[name='honour_based_abuse'][value='no']").check()
    page.get_by_role("button", name="Save").click()
    assert "Say why the risk is lower" in page.locator(".govuk-error-summary").inner_text()
    check_accessible(page)
    page.get_by_label("If the risk is now lower, why?").fill("Perpetrator remanded in custody until trial.")
    page.get_by_role("button", name="Save").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Step-down to standard sent to your manager for approval; the case stays high risk until approved" in banner
    assert "Success" not in banner and "Important" in banner
    assert "High risk" in page.locator("#referral-status").inner_text()
    assert "waiting for a manager's approval" in page.locator("#step-down-waiting").inner_text()
    check_accessible(page)

    sign_in(page, live_server.url, manager)
    page.get_by_role("link", name="Step-downs").click()
    check_accessible(page)
    page.get_by_role("link", name=f"R{case:07d}").click()
    assert "Perpetrator remanded in custody until trial." in page.locator("#step-down").inner_text()
    check_accessible(page)
    page.get_by_label("Approve: the case takes the lower level").check()
    page.get_by_label("Why?").fill("Discussed in supervision; safety plan reviewed.")
    page.get_by_role("button", name="Save decision").click()
    assert (
        f"Step-down approved: R{case:07d} is now standard risk"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "Standard risk" in page.locator("#referral-status").inner_text()
    flags = page.locator("#assessment-flags").inner_text()
    assert "Strangulation or choking" in flags and "Threats to kill" in flags
    check_accessible(page)
