"""The caseload API answers a session and a token, a filtered and an unfiltered request, any page, the
same way: the same rows for the same user, and a change to who the user is shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.models import Role, User
from audit.models import AccessEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(open_case, centra_worker, centra_manager) -> list[int]:
    return [open_case(centra_worker) for _ in range(4)] + [open_case(centra_manager)]


def session_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("query", ["", "?page=2&page_size=2", "?page=last&page_size=2", "?page=9&page_size=3"])
def test_a_session_and_a_token_get_the_same_answer(centra_worker, five_cases, query) -> None:
    session = session_for(centra_worker).get(f"/api/v1/caseload/{query}")
    key = Token.objects.create(user=centra_worker).key
    token = Client().get(f"/api/v1/caseload/{query}", HTTP_AUTHORIZATION=f"Token {key}")
    assert session.status_code == token.status_code == 200
    assert session["Content-Type"] == token["Content-Type"] == "application/json"
    assert session.json() == token.json()


def test_the_last_page_is_the_last_page(centra_worker, five_cases) -> None:
    body = session_for(centra_worker).get("/api/v1/caseload/?page=last&page_size=3").json()
    assert [row["id"] for row in body["results"]] == five_cases[:1]
    assert body["next"] is None and body["previous"]


def test_the_listing_is_recorded_in_the_access_trail(centra_worker, five_cases) -> None:
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


@pytest.mark.parametrize(
    "url",
    [
        "/cases/",
        "/api/v1/caseload/",
        "/api/v1/caseload/?sort=name",
        "/api/v1/caseload/?sort=oldest&page=2&page_size=2",
    ],
)
def test_the_page_and_its_access_event_are_one_statement(centra_worker, five_cases, url) -> None:
    client = session_for(centra_worker)
    client.get(url)  # the session, user and cached lists are warm: count the caseload's own statements
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "referrals_referral" in q["sql"]]
    assert len(reads) == 1
    assert "INSERT INTO" in reads[0] and "audit_accessevent" in reads[0]
    assert not [q for q in queries.captured_queries if "audit_accessevent" in q["sql"] and q["sql"] not in reads]
