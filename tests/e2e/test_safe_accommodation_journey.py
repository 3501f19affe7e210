"""Safe accommodation for a family of four (a survivor and three children), whole, in the browser.

On the second morning of a quarter triage has asked West Kent Refuge 1 for a place; its manager answers
"no capacity" (its family rooms are taken). Triage sees that answer and the vacancy board's places that suit
the family, asks North Kent Refuge, whose manager accepts, and the middle child, Mia, is referred to the
children's service from the refuge case. The Project Salus worker starts two days later, sets three goals
with the child, logs six weekly sessions and scores the goals at 12 weeks. The commissioner picks that
quarter in the return and sees both: the refuge requests by outcome and the children's service's figures,
as a commissioner sees them (rounded to base 5: counts of 1 to 4 read "<5").

Dates come from the data: the quarter is the one before today's (so all of it lies in the past and no date
is in the future, whatever day the test runs), the refuge part happens inside it on a moved clock (the live
server runs in this process), and every date typed counts from the case's own days."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accommodation.children_service import child_case_refer
from accommodation.models import RefugeRequest
from accommodation.services import refuge_request_make
from accounts.models import Role
from casework.models import Refuge, RefugePlace, SupportEpisode
from providers.models import Service
from referrals.models import Referral
from reports.periods import LONDON, Period, current_quarter
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = [
    ("Sleep in my own bed", -2, 0),
    ("Tell someone when I am scared", -2, 1),
    ("Play with the other children", -1, 0),
]
SESSIONS = ["One-to-one session", "Play therapy", "Group work", "Peer support group", "Counselling", "Play therapy"]
LEVEL_WORDS = {-2: "not yet", -1: "sometimes", 0: "most days", 1: "every day", 2: "helps others too"}
LEVEL_LABELS = {
    -2: "−2 (much less than expected)",
    -1: "−1 (less than expected)",
    0: "0 (the expected outcome)",
    1: "+1 (more than expected)",
    2: "+2 (much more than expected)",
}
SIGNED = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def fill_date(page: Any, day: date) -> None:
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))


def the_quarter_before(today: date) -> Period:
    return current_quarter(current_quarter(today).start - timedelta(days=1))


def family_rooms_taken(refuge: str, worker: Any, routed_case: Any, since: date) -> None:
    """Two other households live in the refuge's family rooms: its single rooms are still free."""
    service = Service.objects.get(slug="refuge")
    for place in RefugePlace.objects.filter(refuge__name=refuge, family_room=True):
        SupportEpisode.objects.create(
            referral_id=routed_case("swale", 11),
            service=service,
            started_on=since,
            refuge_place=place,
            started_by=worker,
        )


def ask_for_a_place(page: Any, refuge: str) -> None:
    check_accessible(page)
    page.get_by_label("Refuge", exact=True).select_option(label=refuge)
    page.get_by_role("group", name="Is the refuge outside the survivor's own area?").get_by_label("No").check()
    page.get_by_label("Adults in the household").fill("1")
    page.get_by_label("Children in the household").fill("3")
    page.get_by_label("Children's ages").fill("10, 8 and 4")
    page.get_by_role("group", name="Does anyone in the household need wheelchair access?").get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=f"Place requested at {refuge}").wait_for()
    assert page.locator("#answer").inner_text() == "Waiting for the refuge's answer"


def answer_for_the_refuge(page: Any, reference: str, answer: str, note: str) -> None:
    page.get_by_role("link", name="Refuge requests").first.click()
    waiting = page.get_by_role("table", name="Waiting for your refuges' answer")
    assert "1 adult, 3 children" in waiting.inner_text()
    waiting.get_by_role("link", name=reference).click()
    check_accessible(page)
    page.get_by_label(answer, exact=True).check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Record the answer").click()
    page.get_by_text(f"Answer recorded: {answer.lower()}.").wait_for()


def test_no_capacity_another_refuge_accepts_a_child_works_with_sass_and_the_commissioner_sees_both(
    live_server: Any, page: Any, routed_case: Any, triage: Any, centra_manager: Any, commissioner: Any
) -> None:
    quarter = the_quarter_before(timezone.localdate())
    second_morning = datetime.combine(quarter.start + timedelta(days=1), time(10), tzinfo=LONDON)
    lookahead_manager = user_in(
        "look-ahead", Role.PROVIDER_MANAGER, username="rhea.refuge", first_name="Rhea", last_name="Refuge"
    )
    salus_worker = user_in(
        "project-salus", Role.PROVIDER_WORKER, username="sam.salus", first_name="Sam", last_name="Salus"
    )

    with time_machine.travel(second_morning, tick=True) as clock:
        family_rooms_taken("West Kent Refuge 1", lookahead_manager, routed_case, quarter.start - timedelta(days=20))
        case_id = routed_case("swale", 11, first_name="Jade", last_name="Carter")
        link(
            case_id,
            survivor=person("Jade", "Carter", date(1990, 5, 4)),
            children=[
                person("Leo", "Carter", date(2016, 6, 1)),
                mia := person("Mia", "Carter", date(2018, 3, 2)),
                person("Ava", "Carter", date(2022, 1, 9)),
            ],
        )

        # Triage has asked West Kent Refuge 1 for a place for the family of four (set up here: a routed case's
        # page offers triage no "Ask a refuge for a place" button; the request's page offers "Ask another").
        refuge_request_make(
            user=triage,
            referral_id=case_id,
            refuge_id=Refuge.objects.get(name="West Kent Refuge 1").pk,
            out_of_area=False,
            adults=1,
            children=3,
            children_ages="10, 8 and 4",
            needs_wheelchair_access=False,
        )
        reference = Referral.objects.get(pk=case_id).reference

        # Its manager: no capacity.
        clock.shift(timedelta(minutes=30))
        sign_in(page, live_server.url, lookahead_manager)
        answer_for_the_refuge(page, reference, "No capacity", "Both family rooms are taken.")

        # Triage sees the answer, and the board's free places that suit a parent and three children.
        clock.shift(timedelta(minutes=30))
        sign_in(page, live_server.url, triage)
        page.get_by_role("link", name="Refuge requests").first.click()
        recent = page.get_by_role("table", name="Recent requests")
        assert "No capacity" in recent.inner_text()
        recent.get_by_role("link", name=reference).click()
        assert page.locator("#answer").inner_text() == "No capacity (Both family rooms are taken.)"
        assert "Rhea Refuge" in page.get_by_role("main").inner_text()
        page.get_by_role("link", name="Free places today").click()
        page.get_by_role("heading", name=f"Free refuge places on {second_morning:%-d %B %Y}").wait_for()
        page.get_by_label("Adults").fill("1")
        page.get_by_label("Children").fill("3")
        page.get_by_role("button", name="Show suitable places").click()
        # Waits for the filtered board: the click returns before the new page has been drawn.
        page.get_by_role("table", name=re.compile("^Places that suit this household")).wait_for()
        board = page.locator("#vacancy-board")
        rows = board.locator("tbody tr")
        suitable = [rows.nth(i).inner_text() for i in range(rows.count())]
        assert suitable, "a place suits the family somewhere"
        assert all("Family room" in row and "Men only" not in row for row in suitable), suitable
        assert any(row.startswith("North Kent Refuge") for row in suitable), suitable
        assert not any(row.startswith("West Kent Refuge 1") for row in suitable), suitable
        check_accessible(page)

        # ... and asks North Kent Refuge, which has a family room free.
        page.go_back()
        page.go_back()
        page.get_by_role("heading", name="Place requested at West Kent Refuge 1").wait_for()
        page.get_by_role("link", name="Ask another refuge").click()
        ask_for_a_place(page, "North Kent Refuge")

        clock.shift(timedelta(minutes=30))
        sign_in(page, live_server.url, centra_manager)
        answer_for_the_refuge(page, reference, "Accepted", "Family room free from today.")

        # Triage sees both answers, and Mia is referred to the children's service from the refuge case (set up
        # here too: the case page offers "Refer a child" only before the assessment or to the case's own
        # provider, and only for children on the referral's older children list).
        clock.shift(timedelta(minutes=30))
        sign_in(page, live_server.url, triage)
        page.get_by_role("link", name="Refuge requests").first.click()
        answers = page.get_by_role("table", name="Recent requests").inner_text()
        assert "North Kent Refuge" in answers and "Accepted" in answers and "No capacity" in answers
        child_case_refer(
            user=triage,
            referral_id=case_id,
            child_id=mia.pk,
            source="safe_accommodation",
            accommodation_kind="refuge",
            reason="Nightmares since the family fled; she will not talk about home.",
        )

    requests = RefugeRequest.objects.filter(referral_id=case_id)
    assert sorted(requests.values_list("refuge__name", "state")) == [
        ("North Kent Refuge", "accepted"),
        ("West Kent Refuge 1", "no_capacity"),
    ]
    assert all(quarter.start <= timezone.localtime(r.requested_at).date() < quarter.end for r in requests)

    # The Project Salus worker, back on today's clock: the work started two days after the move, all of it
    # typed with its own dates (12 weeks end inside the quarter: a quarter has at least 90 days).
    started = quarter.start + timedelta(days=3)
    ended = started + timedelta(weeks=12)
    assert ended < quarter.end <= timezone.localdate()
    sign_in(page, live_server.url, salus_worker)
    page.get_by_role("link", name="Children's service").first.click()
    page.get_by_role("link", name="Mia Carter").click()
    page.get_by_role("heading", name=re.compile("^Mia Carter")).wait_for()
    page.get_by_role("link", name="Start the work").click()
    fill_date(page, started)
    page.get_by_role("button", name="Save").click()
    assert f"12 weeks on {ended:%-d %b %Y}" in page.locator("#sass-clock").inner_text()

    for title, baseline, _ in GOALS:
        page.get_by_role("link", name="Set a goal").click()
        page.wait_for_url(re.compile(r"/goals/new/$"))
        assert page.locator("input[name=baseline]:checked").count() == 0  # never pre-chosen
        page.get_by_label("The goal, in the child's words").fill(title)
        for level, label in LEVEL_LABELS.items():
            page.get_by_label(f"What {label} looks like").fill(f"{title}: {LEVEL_WORDS[level]}")
        page.get_by_role("radio", name=LEVEL_LABELS[baseline]).check()
        page.get_by_role("button", name="Save").click()
        page.get_by_text(f"Goal set: {title}.").wait_for()
    check_accessible(page)

    for week, kind in enumerate(SESSIONS, start=1):
        page.get_by_role("link", name="Log a session").click()
        page.get_by_label(kind, exact=True).check()
        fill_date(page, started + timedelta(weeks=week))
        page.get_by_label("Notes").fill(f"Week {week} with Mia.")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Session logged").wait_for()
    assert page.locator("#sass-sessions tbody tr").count() == 6

    page.get_by_role("link", name="Score at the end").click()
    page.wait_for_url(re.compile(r"/complete/$"))
    assert page.locator("input[type=radio]:checked").count() == 0  # no score chosen for the worker
    fill_date(page, ended)
    for title, _, final in GOALS:
        page.get_by_label(f"{SIGNED[final]}: {title}: {LEVEL_WORDS[final]}").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("the work with the child is completed").wait_for()
    assert page.locator("#sass-state").inner_text().startswith("Completed")
    assert f"ended {ended:%-d %b %Y}" in page.locator("#sass-clock").inner_text()

    # The commissioner picks that quarter in the return: both are there, as a commissioner sees them.
    sign_in(page, live_server.url, commissioner)
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Quarterly return for this period and area, with downloads").click()
    page.get_by_label("Period").select_option(label=quarter.label)
    page.get_by_role("button", name="Show figures").click()
    page.get_by_role("heading", name=f"Quarterly return: {quarter.label}").wait_for()
    assert "rounding to base 5" in page.get_by_role("main").inner_text()

    requests_table = page.get_by_role("table", name="Refuge requests by outcome")
    shown = requests_table.inner_text()
    assert f"Measure\t{quarter.label}" in shown
    for outcome, cell in (
        ("No capacity", "<5"),  # the journey's one: a count of 1 to 4 is never shown as itself
        ("Accepted", "<5"),
        ("Waiting for the refuge's answer", "0"),  # both answered
        ("Not suitable", "0"),
        ("Declined by the survivor", "0"),
    ):
        assert f"{outcome}\t{cell}\n" in shown + "\n", shown

    sass = page.get_by_role("table", name="Children's service (SASS)").inner_text()
    for measure in ("Children referred", "Children started", "Children completed", "Goals set", "Goals achieved"):
        assert f"{measure}\t<5" in sass, sass
    assert "Mean change in goal attainment (T-score)\t<5" in sass, sass  # a mean of one child: hidden
    assert "Goals set\t3" not in sass and "+" not in sass
    check_accessible(page)
