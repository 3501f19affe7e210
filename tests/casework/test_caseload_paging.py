"""The caseload's pages: page and API count, order and page the same way, in one round trip."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_cases(open_case, centra_worker) -> list[int]:
    return [open_case(centra_worker) for _ in range(3)]


def test_it_pages_newest_first_with_the_total(api, centra_worker, three_cases) -> None:
    client = api(centra_worker)
    first = client.get("/api/v1/caseload/?page_size=2").json()
    second = client.get("/api/v1/caseload/?page_size=2&page=2").json()
    assert first["count"] == second["count"] == 3
    assert [row["id"] for row in first["results"]] + [row["id"] for row in second["results"]] == three_cases[::-1]
    assert first["next"] and first["previous"] is None
    assert second["next"] is None and second["previous"]


def test_a_page_past_the_end_shows_the_last_page(api, centra_worker, three_cases) -> None:
    body = api(centra_worker).get("/api/v1/caseload/?page_size=2&page=9").json()
    assert [row["id"] for row in body["results"]] == [three_cases[0]]
    assert body["count"] == 3


def test_the_api_refuses_a_page_that_is_not_a_number(api, centra_worker, three_cases) -> None:
    response = api(centra_worker).get("/api/v1/caseload/?page_size=2&page=abc")
    assert response.status_code == 400
    assert response.json() == {"page": ["Enter a page number."]}


def test_the_page_shows_the_first_page_for_a_page_that_is_not_a_number(centra_worker, three_cases) -> None:
    client = Client()
    client.force_login(centra_worker)
    assert client.get("/cases/?page=abc").status_code == 200


def test_an_empty_caseload_has_no_rows_and_no_pages(api, centra_worker, ref) -> None:
    body = api(centra_worker).get("/api/v1/caseload/?page=3").json()
    assert body == {"count": 0, "count_is_estimate": False, "next": None, "previous": None, "results": []}
    client = Client()
    client.force_login(centra_worker)
    assert "No open cases." in client.get("/cases/?page=3").content.decode()


def test_the_rows_their_total_and_deadlines_come_in_one_query(api, centra_worker, three_cases) -> None:
    client = Client()
    client.force_login(centra_worker)
    client.get("/cases/")  # the session and user are loaded; count only the caseload's own queries
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get("/api/v1/caseload/")
    assert len([sql for sql in statements if "referrals_referral" in sql]) == 1


def test_someone_without_a_caseload_is_refused_as_on_the_page(api, commissioner) -> None:
    response = api(commissioner).get("/api/v1/caseload/")
    assert response.status_code == 404 and set(response.json()) == {"detail"}


def test_a_long_caseload_is_counted_only_past_the_page_and_says_its_count_is_an_estimate(
    api, centra_worker, three_cases, monkeypatch
) -> None:
    monkeypatch.setattr("casework.caseload_page.EXACT_COUNT_BELOW", 2)  # three cases is a "long" caseload
    first = api(centra_worker).get("/api/v1/caseload/?page_size=1").json()
    assert first["count_is_estimate"] is True and first["count"] >= 2 and first["next"]
    last = api(centra_worker).get("/api/v1/caseload/?page_size=1&page=3").json()  # counted one past the page: exact
    assert last["count"] == 3 and last["count_is_estimate"] is False and last["next"] is None
