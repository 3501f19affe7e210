"""A Look Ahead worker accepts a west high-risk referral, is refused an unsafe voicemail, logs a call,
starts refuge, asks for the risk to be stepped down (it stays high until a manager approves), and closes
the case with outcomes, warned that the MARAC coordinator is told. Every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from casework.models import OUTCOME_MEASURES
from referrals.models import Referral
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_look_ahead_works_a_west_high_risk_case_from_inbox_to_closure(
    live_server: Any, page: Any, routed_case: Any, lookahead_worker: Any, question_keys: list[str]
) -> None:
    case = routed_case("sevenoaks", 16, voicemail_allowed=False, safe_times="Mornings", code_word="heron")
    sign_in(page, live_server.url, lookahead_worker)
    page.get_by_role("heading", name="My caseload").wait_for()
    check_accessible(page)

    page.get_by_role("link", name="Inbox").click()
    check_accessible(page)
    page.get_by_role("link", name=f"R{case:07d}").click()
    page.get_by_role("link", name="Accept referral").click()
    check_accessible(page)
    page.get_by_role("button", name="Accept referral").click()

    page.get_by_role("link", name="Log contact attempt").click()
    assert "heron" in page.locator("#safe-contact").inner_text()
    check_accessible(page)
    page.get_by_label("Voicemail", exact=True).check()
    page.get_by_label("Voicemail left").check()
    page.get_by_role("button", name="Save").click()
    assert "A voicemail must not be left" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke to the person").check()
    # Safe times are "Mornings": a reason is needed outside them, and is ignored inside them.
    page.get_by_label("If this is outside the safe times, why?").fill("Client asked for a call back now")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Contact attempt recorded").wait_for()

    page.get_by_role("link", name="Start support").click()
    check_accessible(page)
    page.get_by_label("Service", exact=True).select_option(label="Refuge accommodation")
    # Support starts the day the referral arrived: a date from the data, not the browser's own clock.
    started = timezone.localdate(Referral.objects.get(pk=case).received_at)
    page.get_by_label("Day").fill(str(started.day))
    page.get_by_label("Month").fill(str(started.month))
    page.get_by_label("Year").fill(str(started.year))
    page.get_by_label("Refuge place").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    assert "Refuge accommodation" in page.locator("#open-services").inner_text()

    page.get_by_role("link", name="Reassess risk").click()
    check_accessible(page)
    for index, key in enumerate(question_keys):
        page.locator(f"input[name='q_{key}'][value='{'yes' if index < 11 else 'no'}']").check()
    page.locator("input[name='honour_based_abuse'][value='no']").check()
    page.get_by_label("If the risk is now lower, why?").fill("Safe at the refuge; no contact since.")
    page.get_by_role("button", name="Save").click()
    assert (
        "Step-down to medium sent to your manager for approval"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "High risk" in page.locator("#referral-status").inner_text()

    page.get_by_role("link", name="Close case").click()
    assert "tells the MARAC coordinator" in page.locator("#marac-warning").inner_text()
    check_accessible(page)
    page.get_by_label("Support completed").check()
    for key in OUTCOME_MEASURES:
        page.locator(f"input[name='outcome_{key}'][value='yes']").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Case closed with its outcomes").wait_for()
    assert "Support completed" in page.locator("#closure").inner_text()
    assert "Feeling safe" in page.locator("#closure").inner_text()
    check_accessible(page)
    history = page.locator("#history").inner_text()
    for event in ("Contact attempt: phone call", "Started Refuge accommodation", "Risk assessed: medium", "Closed"):
        assert event in history
