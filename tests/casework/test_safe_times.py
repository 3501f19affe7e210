"""Safe times and the timing of a contact attempt: outside the recorded safe times a worker must say why
(the reason is kept with the attempt); an attempt before the referral arrived, or in the future, is
refused. The clock is frozen on a known Monday so the answers hold whatever day the tests run."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casework.models import ContactAttempt
from casework.safe_times import outside_safe_times, safe_times_read

LONDON = ZoneInfo("Europe/London")
MONDAY_8AM = datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)
WEEKDAYS = "Weekdays 10am to 2pm"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in the week of 23 November 2026 (day 0 is Monday), London time."""
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("safe_times", "moment", "allowed"),
    [
        (WEEKDAYS, at(0, 10), True),
        (WEEKDAYS, at(0, 13, 59), True),
        (WEEKDAYS, at(0, 14), False),
        (WEEKDAYS, at(0, 9, 59), False),
        (WEEKDAYS, at(5, 11), False),  # Saturday
        ("Tuesdays after 2pm", at(1, 14, 30), True),
        ("Tuesdays after 2pm", at(2, 14, 30), False),
        ("After 3pm", at(6, 15), True),
        ("Mornings", at(3, 9), True),
        ("Mornings", at(3, 12, 30), False),
        ("Mon-Fri 9-5", at(4, 16, 59), True),
        ("Mon-Fri 9-5", at(4, 17), False),
        ("between 10 and 2", at(0, 12), True),
        ("9pm-2am", at(0, 1), True),
        ("9pm-2am", at(0, 12), False),
        ("Weekends, any time", at(6, 3), True),
        ("Any time", at(2, 3), True),
    ],
)
def test_the_recorded_safe_times_are_read(safe_times, moment, allowed) -> None:
    read = safe_times_read(safe_times)
    assert read is not None
    assert read.allows(moment) is allowed
    assert (outside_safe_times(safe_times, moment) is None) is allowed


@pytest.mark.parametrize("safe_times", ["When he is at work", "Mon 9-12, Sat 2-4", "after 6", "Not on Fridays"])
def test_safe_times_that_cannot_be_read_ask_for_a_reason(safe_times) -> None:
    assert safe_times_read(safe_times) is None
    refusal = outside_safe_times(safe_times, at(0, 11))
    assert refusal is not None and "cannot be checked" in refusal


def test_no_recorded_safe_times_ask_nothing() -> None:
    assert outside_safe_times("", at(0, 3)) is None


@pytest.fixture
def weekday_case(open_case, centra_worker, time_machine):
    """A case received on Monday 23 November 2026 at 08:00 whose safe times are weekdays 10am to 2pm."""
    time_machine.move_to(MONDAY_8AM, tick=False)
    return open_case(centra_worker, safe_times=WEEKDAYS)


def log(api, user, case, **body):
    return api(user).post(
        f"/api/v1/referrals/{case}/contact-attempts/",
        {"method": "phone_call", "outcome": "spoke", **body},
        format="json",
    )


def test_a_contact_attempt_outside_the_safe_times_needs_a_reason(
    api, weekday_case, centra_worker, time_machine
) -> None:
    time_machine.move_to(at(0, 15), tick=False)
    refused = log(api, centra_worker, weekday_case)
    assert refused.status_code == 400
    assert "outside the safe times" in refused.json()["outside_safe_times_reason"][0]
    assert ContactAttempt.objects.count() == 0
    reason = "Client asked for a call back at 3pm: partner away overnight"
    logged = log(api, centra_worker, weekday_case, outside_safe_times_reason=reason)
    assert logged.status_code == 201, logged.json()
    assert logged.json()["outside_safe_times_reason"] == reason
    timeline = api(centra_worker).get(f"/api/v1/referrals/{weekday_case}/timeline/").json()
    assert any(reason in event["description"] for event in timeline if event["kind"] == "contact")


def test_a_contact_attempt_inside_the_safe_times_needs_no_reason(
    api, weekday_case, centra_worker, time_machine
) -> None:
    time_machine.move_to(at(0, 15), tick=False)
    logged = log(api, centra_worker, weekday_case, attempted_at=at(0, 11).isoformat(), outside_safe_times_reason="x")
    assert logged.status_code == 201, logged.json()
    assert ContactAttempt.objects.get().outside_safe_times_reason == ""  # inside: nothing to explain


def test_the_contact_page_asks_why_outside_the_safe_times(client, weekday_case, centra_worker, time_machine) -> None:
    time_machine.move_to(at(0, 15), tick=False)
    client.force_login(centra_worker)
    url = f"/cases/{weekday_case}/contact-attempts/new/"
    refused = client.post(url, {"method": "phone_call", "outcome": "no_answer"})
    assert refused.status_code == 400
    assert "outside the safe times" in refused.content.decode()
    logged = client.post(
        url, {"method": "phone_call", "outcome": "no_answer", "outside_safe_times_reason": "Agreed with client"}
    )
    assert logged.status_code == 302
    assert ContactAttempt.objects.get().outside_safe_times_reason == "Agreed with client"


def test_a_contact_attempt_before_the_referral_arrived_is_refused(
    api, client, weekday_case, centra_worker, time_machine
) -> None:
    time_machine.move_to(at(0, 15), tick=False)
    before = at(0, 7, 30)  # the referral arrived at 08:00
    refused = log(api, centra_worker, weekday_case, attempted_at=before.isoformat(), outside_safe_times_reason="x")
    assert refused.status_code == 400
    assert "before the referral was received" in refused.json()["detail"]
    client.force_login(centra_worker)
    page = client.post(
        f"/cases/{weekday_case}/contact-attempts/new/",
        {"method": "phone_call", "outcome": "spoke", "attempted_at": f"{before:%d/%m/%Y %H:%M}"},
    )
    assert page.status_code == 400
    assert "before the referral was received" in page.content.decode()
    assert ContactAttempt.objects.count() == 0


def test_a_contact_attempt_in_the_future_is_refused(api, client, weekday_case, centra_worker, time_machine) -> None:
    time_machine.move_to(at(0, 11), tick=False)
    later = timezone.now() + timedelta(hours=1)
    refused = log(api, centra_worker, weekday_case, attempted_at=later.isoformat())
    assert refused.status_code == 400
    assert "cannot be in the future" in str(refused.json())
    client.force_login(centra_worker)
    page = client.post(
        f"/cases/{weekday_case}/contact-attempts/new/",
        {"method": "phone_call", "outcome": "spoke", "attempted_at": f"{later.astimezone(LONDON):%d/%m/%Y %H:%M}"},
    )
    assert page.status_code == 400
    assert ContactAttempt.objects.count() == 0


def test_support_cannot_start_before_the_referral_arrived(api, weekday_case, centra_worker, time_machine) -> None:
    time_machine.move_to(at(2, 11), tick=False)
    body = {"service": "outreach", "started_on": "2026-11-22"}
    refused = api(centra_worker).post(f"/api/v1/referrals/{weekday_case}/support/", body, format="json")
    assert refused.status_code == 400
    assert "before the referral was received" in refused.json()["detail"]
