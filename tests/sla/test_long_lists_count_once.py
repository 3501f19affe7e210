"""Long lists are not counted row by row when no one needs the exact number: the referrals and breaches
APIs give the planner's estimate above kidas.db.paging.EXACT_COUNT_BELOW (as the referral list page does),
and the breaches page takes its length from the summary it already counts."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kidas.db import paging
from sla.deadlines import LONDON
from sla.selectors import breach_summary, breaches_visible_to

pytestmark = pytest.mark.django_db


def _counts(queries: CaptureQueriesContext) -> list[str]:
    """The statements that count referrals or clocks (the header's unread notifications are not the list's)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and ('"sla_clock"' in q["sql"] or '"referrals_referral"' in q["sql"])
    ]


@pytest.fixture
def overdue(create_referral, assess, clock_at):
    referrals = [create_referral(district="swale") for _ in range(3)]
    for referral in referrals:
        assess(referral["id"], 11)  # with Centra, to decide by Tuesday 10:00
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    return referrals


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/breaches/"])
def test_it_gives_a_long_lists_estimate_without_counting_it(api, triage, overdue, monkeypatch, url) -> None:
    monkeypatch.setattr(paging, "EXACT_COUNT_BELOW", 0)  # every list is "long"
    with CaptureQueriesContext(connection) as queries:
        body = api(triage).get(url).json()
    assert body["count"] >= 1 and len(body["results"]) >= 1
    assert _counts(queries) == []


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/breaches/"])
def test_it_counts_a_short_list_exactly(api, triage, overdue, url) -> None:
    body = api(triage).get(url).json()
    assert body["count"] == len(body["results"]) == 3


def test_the_breaches_page_counts_its_list_once_in_the_summary(client, triage, overdue) -> None:
    client.force_login(triage)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/breaches/")
    summary = breach_summary(breaches_visible_to(triage))
    assert response.context["page"].paginator.count == sum(row["count"] for row in summary) == 3
    assert len(_counts(queries)) == 1  # the summary's grouped count, and nothing else


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/breaches/"])
def test_the_api_says_when_its_count_is_an_estimate(api, triage, overdue, monkeypatch, url) -> None:
    assert api(triage).get(f"{url}?page_size=2").json()["count_is_estimate"] is False
    monkeypatch.setattr(paging, "EXACT_COUNT_BELOW", 0)
    assert api(triage).get(f"{url}?page_size=2").json()["count_is_estimate"] is True


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/breaches/"])
def test_a_list_its_first_page_holds_is_counted_by_reading_it(api, triage, overdue, monkeypatch, url) -> None:
    """However long the planner thinks a list is, one its first page holds whole has an exact count: its rows."""
    monkeypatch.setattr(paging, "EXACT_COUNT_BELOW", 0)
    with CaptureQueriesContext(connection) as queries:
        body = api(triage).get(url).json()
    assert body["count"] == len(body["results"]) == 3 and body["count_is_estimate"] is False
    assert _counts(queries) == [] and not any("EXPLAIN" in q["sql"] for q in queries.captured_queries)


def test_a_list_the_planner_guesses_short_is_counted_no_further_than_the_threshold(api, triage, overdue, monkeypatch):
    """A scope the planner cannot see into may be guessed short: the count still stops at the threshold, and the
    answer says it is not exact."""
    monkeypatch.setattr(paging, "planner_rows", lambda queryset: 1)
    monkeypatch.setattr(paging, "EXACT_COUNT_BELOW", 2)
    with CaptureQueriesContext(connection) as queries:
        body = api(triage).get("/api/v1/referrals/?page_size=1").json()  # longer than its first page
    assert body["count"] == 2 and body["count_is_estimate"] is True
    assert [sql for sql in _counts(queries) if "LIMIT 2" in sql]
