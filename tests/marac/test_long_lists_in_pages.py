"""A MARAC's high-risk list and its meetings come a page at a time, on the page and in the API: a busy MARAC
(or ten years of meetings) never makes a coordinator's page read the whole list."""

from __future__ import annotations

from datetime import timedelta
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AccessEvent
from marac.models import MaracMeeting, MaracReferral

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_of_two(monkeypatch) -> None:
    monkeypatch.setattr("marac.views.PAGE_SIZE", 2)
    monkeypatch.setattr("marac.views.MEETINGS_PAGE_SIZE", 2)


def test_the_high_risk_list_shows_the_oldest_cases_first_a_page_at_a_time(
    client, make_case, swale_coordinator, page_of_two
) -> None:
    cases = [make_case(days_ago=days) for days in (9, 7, 5, 3, 1)]
    client.force_login(swale_coordinator)

    first = client.get("/marac/swale-marac/").content.decode()
    assert "5 cases waiting to be heard, oldest first" in first
    assert escape(cases[0].referral.full_name) in first and escape(cases[1].referral.full_name) in first
    assert escape(cases[2].referral.full_name) not in first
    assert 'href="?meetings_page=1&page=2"' in first

    last = client.get("/marac/swale-marac/?page=3").content.decode()
    assert escape(cases[4].referral.full_name) in last and escape(cases[0].referral.full_name) not in last


def test_each_page_records_only_the_cases_it_showed(client, make_case, swale_coordinator, page_of_two) -> None:
    cases = [make_case(days_ago=days) for days in (3, 2, 1)]
    client.force_login(swale_coordinator)
    client.get("/marac/swale-marac/?page=2")
    assert AccessEvent.objects.filter(what="MARAC list").get().referral_ids == [cases[2].referral_id]


def test_the_meetings_come_latest_first_in_pages_of_their_own(client, swale, swale_coordinator, page_of_two) -> None:
    today = timezone.localdate()
    for weeks in range(5):
        MaracMeeting.objects.create(marac=swale, held_on=today - timedelta(weeks=weeks))
    client.force_login(swale_coordinator)

    page = client.get("/marac/swale-marac/?page=1&meetings_page=3").content.decode()
    oldest = today - timedelta(weeks=4)
    assert f"{oldest:%A} {oldest.day} {oldest:%B %Y}" in page
    assert f"{today:%A} {today.day} {today:%B %Y}" not in page
    assert 'aria-label="Meeting pages"' in page and 'href="?page=1&meetings_page=2"' in page


def test_the_api_answers_the_high_risk_list_in_pages_oldest_first(api, make_case, swale_coordinator) -> None:
    cases = [make_case(days_ago=days) for days in (4, 2, 3)]
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/?page_size=2").json()
    assert body["count"] == 3 and body["count_is_estimate"] is False
    assert [c["id"] for c in body["results"]] == [cases[0].pk, cases[2].pk]
    second = api(swale_coordinator).get(body["next"]).json()
    assert [c["id"] for c in second["results"]] == [cases[1].pk]
    recorded = AccessEvent.objects.filter(what__endswith="high-risk-list/").order_by("at", "id")
    assert [event.referral_ids for event in recorded] == [
        [cases[0].referral_id, cases[2].referral_id],
        [cases[1].referral_id],
    ]


def test_the_api_answers_the_meetings_latest_first_in_pages(api, swale, swale_coordinator) -> None:
    today = timezone.localdate()
    meetings = [MaracMeeting.objects.create(marac=swale, held_on=today + timedelta(weeks=w)) for w in (-2, 0, 2)]
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/meetings/?page_size=2").json()
    assert body["count"] == 3
    assert [m["id"] for m in body["results"]] == [meetings[2].pk, meetings[1].pk]


def test_a_page_past_the_end_of_the_api_list_is_404(api, make_case, swale_coordinator) -> None:
    make_case()
    response = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/?page=9")
    assert response.status_code == 404


def test_repeats_and_agenda_listings_on_the_high_risk_list_read_nothing_more_per_case(
    client, api, make_case, listed, swale, swale_coordinator
) -> None:
    """The list reads what it shows of each case in the page's own statements (marac.selectors.case_columns):
    an earlier listing's MARAC and date, the meeting a case is listed for, who referred."""
    client.force_login(swale_coordinator)

    def add_repeat() -> MaracReferral:
        earlier = make_case(days_ago=400)
        MaracReferral.objects.filter(pk=earlier.pk).update(heard_on=timezone.localdate() - timedelta(days=390))
        repeat = make_case(days_ago=2, is_repeat=True)
        MaracReferral.objects.filter(pk=repeat.pk).update(repeat_of=earlier)
        return repeat

    def statements() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page, CaptureQueriesContext(connection) as answer:
            assert client.get("/marac/swale-marac/").status_code == 200
            page_count = len(page.captured_queries)
            assert api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").status_code == 200
        return page_count, len(answer.captured_queries) - page_count

    add_repeat()
    before = statements()
    repeat = add_repeat()
    add_repeat()

    assert statements() == before
    shown = client.get("/marac/swale-marac/").content.decode()
    assert f"{escape(swale.name)}" in shown and f"/marac/meetings/{listed.meeting_id}/" in shown
    rows = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    (row,) = [r for r in rows if r["id"] == repeat.pk]
    assert row["repeat_of"]["marac"] == swale.name and row["first_name"] == repeat.referral.first_name
    (on_agenda,) = [r for r in rows if r["id"] == listed.case_id]
    assert on_agenda["listed_for"] == listed.meeting.held_on.isoformat()
