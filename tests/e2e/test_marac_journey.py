"""A MARAC coordinator builds the next Swale agenda, records two actions on a high-risk case, and
marks it heard; the IDVA at Centra (where the referral was routed) then sees the open actions on the
referral page. Every page on the way is checked with axe-core."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from marac.models import MaracMeeting
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def record_action(page: Any, owner: str, person: str, text: str, due: date) -> None:
    form = page.locator("#action-form")
    form.get_by_label("Owning agency").select_option(label=owner)
    form.get_by_label("Named person").fill(person)
    form.get_by_label("Action").fill(text)
    form.get_by_label("Day").fill(str(due.day))
    form.get_by_label("Month").fill(str(due.month))
    form.get_by_label("Year").fill(str(due.year))
    form.get_by_role("button", name="Record action").click()
    page.get_by_text("Action recorded.").wait_for()


def assert_printout_has_no_link_addresses(page: Any, url: str) -> None:
    """GOV.UK's print styles would print "Amara Okafor (/marac/cases/1/)": the MARAC printout must not."""
    page.goto(url)
    page.emulate_media(media="print")
    try:
        name = page.locator("#agenda a", has_text="Amara Okafor").first
        after = name.evaluate("link => getComputedStyle(link, '::after').content")
        assert after in ("none", "normal"), after
    finally:
        page.emulate_media(media="screen")


def test_a_coordinator_runs_the_swale_marac_and_the_idva_sees_the_actions(
    live_server: Any,
    page: Any,
    create_referral: Any,
    assess: Any,
    swale_coordinator: Any,
    centra_worker: Any,
    time_machine: Any,
) -> None:
    referral = create_referral(first_name="Amara", last_name="Okafor")
    assert assess(referral["id"], 15).status_code == 201

    sign_in(page, live_server.url, swale_coordinator.username)
    page.get_by_role("link", name="MARAC", exact=True).click()
    page.get_by_role("link", name="Swale MARAC").click()
    page.get_by_role("heading", name="Swale MARAC").wait_for()
    check_accessible(page)
    assert "Amara Okafor" in page.locator("#high-risk-list").inner_text()
    page.get_by_role("button", name="Schedule the next meeting").click()

    page.get_by_role("heading", name="Meeting on").wait_for()
    meeting = MaracMeeting.objects.get()
    page.get_by_role("link", name="Change the time, venue or chair").click()
    page.get_by_label("Start time (optional)").fill("10:00")
    page.get_by_label("Venue (optional)").fill("Sittingbourne Police Station")
    page.get_by_label("Chair (optional)").fill("DI Sam Patel")
    check_accessible(page)
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Meeting details saved.").wait_for()
    assert "Sittingbourne Police Station" in page.locator("#meeting-details").inner_text()
    page.get_by_role("button", name="Fill the agenda").click()
    page.get_by_text("1 case added to the agenda.").wait_for()
    check_accessible(page)
    assert_printout_has_no_link_addresses(page, f"{live_server.url}/marac/meetings/{meeting.pk}/print/")
    page.goto(f"{live_server.url}/marac/meetings/{meeting.pk}/")
    page.locator("#agenda").get_by_role("link", name="Amara Okafor", exact=True).click()

    page.get_by_role("heading", name="Amara Okafor").wait_for()
    check_accessible(page)
    # Due dates count from the meeting's own date, so the journey holds whatever day it runs.
    lock_due, flag_due = meeting.held_on + timedelta(days=14), meeting.held_on + timedelta(days=7)
    record_action(page, "Swale Borough Council Housing", "Hari Housing", "Fit a sanctuary scheme lock", lock_due)
    record_action(page, "Kent Police", "PC Pat Police", "Flag the address for urgent response", flag_due)
    actions = page.locator("#case-actions").inner_text()
    assert "Fit a sanctuary scheme lock" in actions and "Flag the address" in actions
    check_accessible(page)

    page.locator("#case-summary").get_by_role("link").first.click()
    page.get_by_role("heading", name="Meeting on").wait_for()
    if meeting.held_on > timezone.localdate():  # on the meeting's own day (it can be today) cases can be heard
        assert "Cases can be marked heard from" in page.locator("#hear-from").inner_text()
        assert page.get_by_role("button", name="Mark heard").count() == 0

    # The meeting day: the live server runs in this process, so it sees the moved clock. The idle
    # timeout has ended the session meanwhile, so the coordinator signs in again.
    # Never back in time: a meeting held today is heard a little later, after the sign-in code has changed
    # (a code works once).
    meeting_day = timezone.make_aware(datetime.combine(meeting.held_on, time(10)))
    time_machine.move_to(max(meeting_day, timezone.now() + timedelta(minutes=2)), tick=False)
    sign_in(page, live_server.url, swale_coordinator.username)
    page.goto(f"{live_server.url}/marac/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Mark heard").click()
    page.get_by_text("Case heard on").wait_for()
    assert "Heard" in page.locator("#agenda").inner_text()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, centra_worker.username)
    page.goto(f"{live_server.url}/referrals/{referral['id']}/")
    page.locator("#marac-history").wait_for()
    check_accessible(page)
    history = page.locator("#marac-history").inner_text()
    assert "Swale MARAC" in history and "Heard" in history
    open_actions = page.locator("#marac-open-actions").inner_text()
    assert "Fit a sanctuary scheme lock" in open_actions
    assert "Flag the address for urgent response" in open_actions
