"""Triage logs a police referral for a woman whose case with the same alleged perpetrator was referred to
Swale MARAC five months ago and is open with Centra's IDVA. The new referral is standard risk, yet it goes
back to Swale MARAC as a repeat and triage reads why; the IDVA who holds her case is told and asked to
reassess; and the coordinator's agenda shows her two children and the perpetrator's name.

Triage sees her as a candidate before saving and confirms she is the same person; the same perpetrator is
found by name under her (referrals.people_links)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from marac.models import MaracMeeting, MaracReferral
from marac.services import meeting_agenda_fill
from referrals.models import Referral
from referrals.services import referral_accept
from sla.models import Notification
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

HER = {"first_name": "Leah", "last_name": "Mortimer", "date_of_birth": "1990-03-12", "postcode": "ME10 4DJ"}
PERPETRATOR = "Ryan Cole"


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def children_born() -> tuple[date, date]:
    today = timezone.localdate()
    return today - relativedelta(years=6, days=20), today - relativedelta(years=3, days=40)


@pytest.fixture
def her_open_case(
    create_referral: Any, assess: Any, centra_worker: User, triage: User
) -> tuple[Referral, MaracReferral]:
    """Five months ago: a high-risk police referral, routed to Centra's IDVA and listed at Swale MARAC."""
    mia, leo = children_born()
    five_months_ago = timezone.now() - relativedelta(months=5)
    created = create_referral(
        **HER,
        district="swale",
        perpetrator_name=PERPETRATOR,
        children=[
            {"first_name": "Mia", "date_of_birth": mia.isoformat()},
            {"first_name": "Leo", "date_of_birth": leo.isoformat()},
        ],
    )
    assert assess(created["id"], 16).status_code == 201
    referral = referral_accept(user=centra_worker, referral_id=created["id"])
    Referral.objects.filter(pk=referral.pk).update(received_at=five_months_ago)
    listing = MaracReferral.objects.get(referral=referral)
    MaracReferral.objects.filter(pk=listing.pk).update(
        created_at=five_months_ago, heard_on=(five_months_ago + timedelta(days=10)).date()
    )
    referral.refresh_from_db()
    return referral, listing


def fill_the_referral(page: Any) -> None:
    mia, leo = children_born()
    page.get_by_label("First name").first.fill(HER["first_name"])
    page.get_by_label("Last name").fill(HER["last_name"])
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("group", name="Gender").get_by_label("Woman").check()
    page.get_by_label("Postcode").fill(HER["postcode"])
    page.get_by_label("District").select_option(label="Swale")
    page.get_by_label("Safe phone number").fill("07700 900222")
    page.get_by_label("When is it safe to make contact?").fill("Weekday mornings")
    page.get_by_label("Alleged perpetrator's name").fill(PERPETRATOR)
    page.get_by_role("group", name="Relationship to the person").get_by_label("Ex-partner").check()
    page.get_by_label("Referral source").select_option(label="Police")
    page.get_by_role("group", name="Does the person consent to the referral?").get_by_label("Yes").check()
    children = page.locator("#children")
    for row, (name, born) in enumerate((("Mia", mia), ("Leo", leo))):
        children.locator(f"input[name='children-{row}-first_name']").fill(name)
        children.locator(f"input[name='children-{row}-date_of_birth']").fill(f"{born:%d/%m/%Y}")


def test_a_standard_risk_repeat_of_the_pair_goes_back_to_swale_marac(
    live_server: Any,
    page: Any,
    her_open_case: tuple[Referral, MaracReferral],
    triage: User,
    centra_worker: User,
    swale_coordinator: User,
    question_keys: list[str],
) -> None:
    held, earlier_listing = her_open_case
    sign_in(page, live_server.url, triage)
    page.get_by_role("link", name="New referral").click()
    page.get_by_role("heading", name="Record a referral").wait_for()
    fill_the_referral(page)
    # Matching before saving: she appears with her open case before anything is saved; triage confirms her.
    candidates = page.locator("#survivor-candidates")
    candidates.get_by_role("heading", name="Is this someone already known?").wait_for()
    assert held.reference in candidates.inner_text()
    assert not candidates.locator("input[name='survivor']:checked").count()  # nothing chosen for the worker
    candidates.get_by_label("Same person as Leah Mortimer").check()
    page.get_by_role("button", name="Save and assess risk").click()

    page.get_by_role("heading", name="Risk identification checklist").wait_for()
    for index, key in enumerate(question_keys):
        page.locator(f"input[name='q_{key}'][value='{'yes' if index < 3 else 'no'}']").check()
    page.locator("input[name='honour_based_abuse'][value='no']").check()
    page.get_by_role("button", name="Save assessment and route").click()

    page.locator("#referral-status").wait_for()
    check_accessible(page)
    new = Referral.objects.exclude(pk=held.pk).get(last_name=HER["last_name"])
    assert new.survivor_id == held.survivor_id  # the same woman
    assert "Standard risk" in page.locator("#referral-status").inner_text()
    assert "MARAC: Swale MARAC (repeat)" in page.locator("#marac-flag").inner_text()
    why = page.locator(".kidas-marac-why").first.inner_text()
    assert f"same survivor and alleged perpetrator ({PERPETRATOR})" in why and "whatever its risk level" in why
    # Her open case is with Centra: the rules do not hand her to Victim Support without a reason.
    assert held.reference in page.locator("#open-case-link").inner_text()
    listing = MaracReferral.objects.get(referral=new)
    assert (listing.marac.slug, listing.is_repeat, listing.repeat_of_id) == ("swale-marac", True, earlier_listing.pk)

    # The IDVA who holds her open case is told and asked to reassess.
    note = Notification.objects.get(user=centra_worker, text__startswith="New referral")
    assert held.reference in note.text and note.link == f"/cases/{held.pk}/reassess/"
    sign_in(page, live_server.url, centra_worker)
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_text(f"New referral {new.reference}").first.wait_for()

    # The coordinator's agenda: her two children and the perpetrator's name.
    meeting = MaracMeeting.objects.create(marac=listing.marac, held_on=timezone.localdate() + timedelta(days=7))
    with transaction.atomic():
        meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    sign_in(page, live_server.url, swale_coordinator)
    page.goto(f"{live_server.url}/marac/meetings/{meeting.pk}/")
    agenda = page.locator("#agenda").inner_text()
    check_accessible(page)
    assert "Leah Mortimer" in agenda and PERPETRATOR in agenda
    assert "Mia (6)" in agenda and "Leo (3)" in agenda
    assert "Repeat" in agenda
