"""A child referred to the children's service (SASS) from a refuge case: the Project Salus worker starts the
work, sets three goals with the child (five levels each, where the child starts), logs six sessions, and
scores the goals at 12 weeks; the quarter's return shows the child completed, the goals set and achieved and
the change in goal attainment. Dates come from the data: the work started 12 weeks before today."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accommodation.children_service import child_case_refer
from accommodation.children_service_models import ChildCase
from accounts.models import Role
from reports.periods import current_quarter
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = [
    ("Sleep through the night", -2, 0),
    ("Say how I feel", -2, 1),
    ("Make a friend at school", -2, -1),
]
SESSIONS = [
    "One-to-one session",
    "Play therapy",
    "Group work",
    "Peer support group",
    "Counselling",
    "One-to-one session",
]


def fill_date(page: Any, day: date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_a_sass_worker_works_with_a_child_for_12_weeks_and_the_return_shows_it(
    live_server: Any, page: Any, routed_case: Any, triage: Any, administrator: Any
) -> None:
    today = timezone.localdate()
    started = today - timedelta(weeks=12)
    worker = user_in("project-salus", Role.PROVIDER_WORKER, username="sam.salus", first_name="Sam", last_name="Salus")
    referral_id = routed_case("swale", 11)
    mia = person("Mia", "Carter", date_of_birth=date(2018, 3, 2))
    link(referral_id, survivor=person(), children=[person("Leo", "Carter", date(2014, 6, 1)), mia])
    case = child_case_refer(
        user=triage,
        referral_id=referral_id,
        child_id=mia.pk,
        source="safe_accommodation",
        accommodation_kind="refuge",
        reason="Nightmares since they came to the refuge.",
    )
    ChildCase.objects.filter(pk=case.pk).update(referred_at=timezone.now() - timedelta(weeks=12, days=3))

    sign_in(page, live_server.url, worker)
    page.get_by_role("link", name="Children's service").first.click()
    page.get_by_role("link", name="Mia Carter").click()
    page.get_by_role("heading", name="Mia Carter").wait_for()
    page.get_by_role("link", name="Start the work").click()
    fill_date(page, started)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Work started: the 12-week clock is running.").wait_for()
    assert f"12 weeks on {today:%-d %b %Y}" in page.locator("#sass-clock").inner_text()

    for title, baseline, _ in GOALS:
        page.get_by_role("link", name="Set a goal").click()
        page.wait_for_url(re.compile(r"/goals/new/$"))
        assert page.locator("input[name=baseline]:checked").count() == 0  # where the child starts: never pre-chosen
        page.get_by_label("The goal, in the child's words").fill(title)
        for level, words in (
            (-2, "far from it"),
            (-1, "a little"),
            (0, "as hoped"),
            (1, "more than hoped"),
            (2, "all of it"),
        ):
            signed = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}[level]
            label = {-2: "much less than expected", -1: "less than expected", 0: "the expected outcome"}.get(
                level, "more than expected" if level == 1 else "much more than expected"
            )
            page.get_by_label(f"What {signed} ({label}) looks like").fill(f"{title}: {words}")
        page.get_by_role(
            "radio", name={-2: "−2 (much less than expected)", -1: "−1 (less than expected)"}[baseline]
        ).check()
        page.get_by_role("button", name="Save").click()
        page.get_by_text(f"Goal set: {title}.").wait_for()
    assert serious_accessibility_violations(page) == []

    for week, kind in enumerate(SESSIONS, start=1):
        page.get_by_role("link", name="Log a session").click()
        page.get_by_label(kind, exact=True).check()
        fill_date(page, started + timedelta(weeks=week))
        page.get_by_label("Notes").fill(f"Week {week}.")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Session logged").wait_for()
    assert page.locator("#sass-sessions tbody tr").count() == 6

    page.get_by_role("link", name="Score at the end").click()
    page.wait_for_url(re.compile(r"/complete/$"))
    assert page.locator("input[type=radio]:checked").count() == 0  # no score chosen for the worker
    fill_date(page, today)
    for title, _, final in GOALS:
        words = {0: "as hoped", 1: "more than hoped", -1: "a little"}[final]
        signed = {0: "0", 1: "+1", -1: "−1"}[final]
        page.get_by_label(f"{signed}: {title}: {words}").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.get_by_text("the work with the child is completed").wait_for()
    assert page.locator("#sass-state").inner_text().startswith("Completed")
    # 22.6 at the start (three goals at −2), 50.0 at the end (0, +1, −1).
    assert "22.6 at the start" in page.locator("#sass-attainment").inner_text()
    assert "change 27.4" in page.locator("#sass-attainment").inner_text()

    quarter = current_quarter(today)
    sign_in(page, live_server.url, administrator)
    page.goto(f"{live_server.url}/reports/return/?period={quarter.key}")
    table = page.locator("#childrens-service")
    table.wait_for()
    text = table.inner_text()
    for measure, value in (
        ("Children completed", "1"),
        ("Goals set", "3"),
        ("Goals achieved", "2"),
        ("Mean change in goal attainment (T-score)", "+27.4"),
    ):
        assert f"{measure}\t{value}" in text, text
    assert serious_accessibility_violations(page) == []
