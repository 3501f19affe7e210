"""A provider's day: what has come in, and the open cases, scoped to the worker or the team."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from tests.factories import user_in

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_the_inbox_holds_referrals_routed_to_my_organisation(api, routed_case, centra_worker, oasis_worker) -> None:
    swale = routed_case("swale")
    thanet = routed_case("thanet")
    assert ids(api(centra_worker).get("/api/v1/inbox/")) == [swale]
    assert ids(api(oasis_worker).get("/api/v1/inbox/")) == [thanet]


def test_accepting_allocates_a_named_worker_of_the_provider(
    api, routed_case, centra_manager, centra_worker, oasis_worker
) -> None:
    referral_id = routed_case("swale")
    wrong = api(centra_manager).post(
        f"/api/v1/referrals/{referral_id}/accept/", {"worker": oasis_worker.pk}, format="json"
    )
    assert wrong.status_code == 400
    right = api(centra_manager).post(
        f"/api/v1/referrals/{referral_id}/accept/", {"worker": centra_worker.pk}, format="json"
    )
    assert right.status_code == 200
    assert ids(api(centra_worker).get("/api/v1/caseload/")) == [referral_id]
    assert ids(api(centra_worker).get("/api/v1/inbox/")) == []


def test_a_worker_sees_their_cases_and_a_manager_the_team(api, open_case, centra_worker, centra_manager, ref) -> None:
    colleague = user_in("centra", Role.PROVIDER_WORKER, username="second.centra")
    mine = open_case(centra_worker)
    theirs = open_case(colleague)
    assert ids(api(centra_worker).get("/api/v1/caseload/")) == [mine]
    assert set(ids(api(centra_manager).get("/api/v1/caseload/"))) == {mine, theirs}
    assert ids(api(centra_manager).get(f"/api/v1/caseload/?worker={colleague.pk}")) == [theirs]


def test_other_providers_never_see_the_case(api, open_case, centra_worker, oasis_worker) -> None:
    case = open_case(centra_worker)
    assert ids(api(oasis_worker).get("/api/v1/caseload/")) == []
    assert api(oasis_worker).get(f"/api/v1/referrals/{case}/timeline/").status_code == 404
    attempt = {"method": "phone_call", "outcome": "spoke"}
    assert (
        api(oasis_worker).post(f"/api/v1/referrals/{case}/contact-attempts/", attempt, format="json").status_code == 404
    )
    client = Client()
    client.force_login(oasis_worker)
    assert client.get(f"/cases/{case}/contact-attempts/new/").status_code == 404


def test_the_caseload_filters_and_sorts(api, open_case, centra_worker) -> None:
    medium = open_case(centra_worker, "swale", 11)
    high = open_case(centra_worker, "maidstone", 15)
    client = api(centra_worker)
    assert ids(client.get("/api/v1/caseload/?risk_level=high")) == [high]
    assert ids(client.get("/api/v1/caseload/?sort=risk")) == [high, medium]
    assert ids(client.get("/api/v1/caseload/?sort=oldest")) == [medium, high]
    assert ids(client.get("/api/v1/caseload/?service=idva")) == [high]


def test_a_passed_safety_plan_review_marks_the_case_overdue(api, open_case, centra_worker, time_machine) -> None:
    case = open_case(centra_worker)
    plan = {"summary": "Keeps a bag packed at a friend's", "review_on": "2099-01-01"}
    assert api(centra_worker).post(f"/api/v1/referrals/{case}/safety-plan/", plan, format="json").status_code == 201
    assert api(centra_worker).get("/api/v1/caseload/").json()["results"][0]["overdue"] is False
    time_machine.move_to("2099-01-02")
    assert api(centra_worker).get("/api/v1/caseload/").json()["results"][0]["overdue"] is True


def _count(client: Client, url: str) -> int:
    client.get(url)  # the filter lists are cached reference data: count a page whose cache is warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_caseload_page_runs_a_fixed_number_of_queries(open_case, centra_manager, centra_worker) -> None:
    client = Client()
    client.force_login(centra_manager)
    open_case(centra_worker)
    few = _count(client, "/cases/")
    for _ in range(4):
        open_case(centra_worker)
    assert _count(client, "/cases/") == few
    assert _count(client, "/api/v1/caseload/") <= few


def test_a_case_without_an_allocated_worker_shows_none(api, open_case, centra_manager, centra_worker) -> None:
    from referrals.models import Referral

    case = open_case(centra_worker)
    Referral.objects.filter(pk=case).update(allocated_worker=None)  # as cases accepted before allocation existed
    row = api(centra_manager).get("/api/v1/caseload/").json()["results"][0]
    assert row["allocated_worker"] is None


def test_the_inbox_puts_the_referral_to_answer_first_on_top_with_its_deadline(
    client, api, routed_case, centra_worker, time_machine
) -> None:
    # Monday morning in London: medium risk is answered within 1 working day, high risk within 4 hours.
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=UTC), tick=False)
    medium = routed_case("swale", 11)
    high = routed_case("maidstone", 15)
    rows = api(centra_worker).get("/api/v1/inbox/").json()["results"]
    assert [row["id"] for row in rows] == [high, medium]
    assert rows[0]["deadline_due_at"] == "2026-11-30T14:00:00Z"
    assert rows[0]["deadline_stage"] == "provider_decision"
    assert [row["deadline_status"] for row in rows] == ["on_time", "on_time"]
    time_machine.move_to(datetime(2026, 11, 30, 12, 30, tzinfo=UTC), tick=False)
    assert api(centra_worker).get("/api/v1/inbox/").json()["results"][0]["deadline_status"] == "due_soon"

    client.force_login(centra_worker)
    page = client.get("/cases/inbox/").content.decode()
    assert page.index(f"R{high:07d}") < page.index(f"R{medium:07d}")
    assert "Answer by" in page
    assert "Due soon" in page
    assert "30 Nov 2026 14:00" in page


def test_the_inbox_runs_a_fixed_number_of_queries(client, api, routed_case, centra_worker) -> None:
    client.force_login(centra_worker)
    routed_case("swale")
    few = _count(client, "/cases/inbox/")
    api_few = _count(api(centra_worker), "/api/v1/inbox/")
    for _ in range(4):
        routed_case("swale")
    assert _count(client, "/cases/inbox/") == few
    assert _count(api(centra_worker), "/api/v1/inbox/") == api_few
