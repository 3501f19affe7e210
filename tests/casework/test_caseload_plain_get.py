"""The caseload API's plain listing (a signed-in session asking for a page) is answered without DRF and
from a statement compiled once: it must answer exactly what the full DRF path answers, and a change to
who the user is must show at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from audit.models import AccessEvent
from casework import caseload_page
from casework.caseload_page import caseload_page as fetch_page
from casework.selectors import caseload
from referrals.models import Referral
from referrals.selectors import scope_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(open_case, centra_worker, centra_manager) -> list[int]:
    return [open_case(centra_worker) for _ in range(4)] + [open_case(centra_manager)]


def session_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("query", ["", "?page=2&page_size=2", "?page=last&page_size=2", "?page=9&page_size=3"])
def test_the_plain_listing_answers_what_the_full_api_answers(api, centra_worker, five_cases, query) -> None:
    plain = session_for(centra_worker).get(f"/api/v1/caseload/{query}")
    full = api(centra_worker).get(f"/api/v1/caseload/{query}")  # a token-style sign-in takes the DRF path
    assert plain.status_code == full.status_code == 200
    assert plain["Content-Type"] == full["Content-Type"] == "application/json"
    assert plain.json() == full.json()


def test_the_last_page_is_the_last_page(centra_worker, five_cases) -> None:
    body = session_for(centra_worker).get("/api/v1/caseload/?page=last&page_size=3").json()
    assert [row["id"] for row in body["results"]] == five_cases[:1]
    assert body["next"] is None and body["previous"]


def test_the_plain_listing_is_recorded_in_the_access_trail(centra_worker, five_cases) -> None:
    session_for(centra_worker).get("/api/v1/caseload/?page_size=2")
    event = AccessEvent.objects.filter(user=centra_worker, action="list").latest("at")
    assert event.referral_ids == five_cases[3:1:-1]
    assert event.what == "GET /api/v1/caseload/"


@pytest.mark.parametrize(
    ("query", "status", "body"),
    [
        ("?page_size=0", 400, {"page_size": ["Enter a whole number from 1 to 200."]}),
        ("?page=abc", 400, {"page": ["Enter a page number."]}),
    ],
)
def test_bad_paging_is_still_a_clear_400(centra_worker, five_cases, query, status, body) -> None:
    response = session_for(centra_worker).get(f"/api/v1/caseload/{query}")
    assert (response.status_code, response.json()) == (status, body)


def test_filters_still_filter(centra_worker, five_cases) -> None:
    body = session_for(centra_worker).get("/api/v1/caseload/?sort=oldest").json()
    assert [row["id"] for row in body["results"]] == five_cases[:4]


def test_signed_out_is_still_refused(five_cases) -> None:
    assert Client().get("/api/v1/caseload/").status_code in (401, 403)


def test_a_worker_made_manager_sees_the_teams_caseload_at_once(centra_worker, five_cases) -> None:
    client = session_for(centra_worker)
    assert client.get("/api/v1/caseload/").json()["count"] == 4
    User.objects.filter(pk=centra_worker.pk).update(role=Role.PROVIDER_MANAGER)
    assert client.get("/api/v1/caseload/").json()["count"] == 5


def test_a_worker_moved_to_another_provider_no_longer_sees_the_old_cases(centra_worker, oasis_worker, five_cases):
    client = session_for(centra_worker)
    assert client.get("/api/v1/caseload/").json()["count"] == 4
    User.objects.filter(pk=centra_worker.pk).update(organisation=oasis_worker.organisation)
    assert client.get("/api/v1/caseload/").json()["count"] == 0


def test_a_reused_statement_is_the_one_the_queryset_compiles_to(centra_worker, centra_manager, five_cases) -> None:
    for user in (centra_worker, centra_manager):
        builds: list[int] = []

        def build(user: User = user, builds: list[int] = builds) -> QuerySet[Referral]:
            builds.append(1)
            return caseload(user).order_by("-received_at", "-id")

        first = fetch_page(build, 1, 2, reuse=("test", scope_key(user)))
        again = fetch_page(build, 1, 2, reuse=("test", scope_key(user)))
        fresh = fetch_page(build(), 1, 2)
        assert len(builds) == 2  # once for the reused statement, once for `fresh`
        assert first.object_list == again.object_list == fresh.object_list
        assert first.paginator.count == fresh.paginator.count


def test_statements_are_kept_for_minutes_only(centra_worker, five_cases, monkeypatch) -> None:
    builds: list[int] = []

    def build() -> QuerySet[Referral]:
        builds.append(1)
        return caseload(centra_worker).order_by("-received_at", "-id")

    fetch_page(build, 1, 2, reuse="minutes")
    monkeypatch.setattr(caseload_page, "REUSE_SECONDS", 0)
    fetch_page(build, 1, 2, reuse="minutes")
    assert len(builds) == 2


@pytest.mark.parametrize("url", ["/cases/", "/api/v1/caseload/", "/api/v1/caseload/?sort=name"])
def test_the_page_and_its_access_event_are_one_statement(centra_worker, five_cases, url) -> None:
    client = session_for(centra_worker)
    client.get(url)  # the session, user and cached lists are warm: count the caseload's own statements
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "referrals_referral" in q["sql"]]
    assert len(reads) == 1
    assert "INSERT INTO" in reads[0] and "audit_accessevent" in reads[0]
    assert not [q for q in queries.captured_queries if "audit_accessevent" in q["sql"] and q["sql"] not in reads]
