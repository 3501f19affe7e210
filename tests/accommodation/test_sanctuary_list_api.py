"""The sanctuary scheme's list over the API, as its page shows it: the user's scope (the survivor's case's, plus
the delivering provider's own referrals), newest first, split into under way and finished, in pages like the
other lists; bad filters are a 400 naming the field; roles the page is not for get 404; each page answered is
written in the access trail against the survivors' cases."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access_trail.access import AccessEvent, Action
from providers.models import Organisation
from referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = "/api/v1/sanctuary-referrals/"


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel("2026-11-10 10:00:00+00:00", tick=True) as traveller:
        yield traveller


def refer(api: Any, triage: Any, case: int, provider: str) -> int:
    made = api(triage).post(
        f"/api/v1/referrals/{case}/sanctuary-referrals/",
        {"provider": Organisation.objects.get(slug=provider).pk},
        format="json",
    )
    assert made.status_code == 201, made.json()
    return int(made.json()["id"])


@pytest.fixture
def scheme(api: Any, triage: Any, routed_case: Any) -> dict[str, int]:
    """Swale's case to Look Ahead's scheme (under way), Thanet's to Oasis's own, and a second Swale case's
    referral to Look Ahead withdrawn (finished)."""
    swale, thanet, withdrawn_case = routed_case("swale", 11), routed_case("thanet", 11), routed_case("swale", 11)
    made = {"swale": refer(api, triage, swale, "look-ahead"), "thanet": refer(api, triage, thanet, "oasis")}
    made["withdrawn"] = refer(api, triage, withdrawn_case, "look-ahead")
    ended = api(triage).post(
        f"/api/v1/sanctuary-referrals/{made['withdrawn']}/end/",
        {"ending": "withdrawn", "reason": "Referred in error."},
        format="json",
    )
    assert ended.status_code == 200, ended.json()
    return made


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_triage_sees_every_referral_newest_first_with_what_the_page_shows(
    api: Any, triage: Any, scheme: dict[str, int]
) -> None:
    answer = api(triage).get(URL)
    assert ids(answer) == [scheme["withdrawn"], scheme["thanet"], scheme["swale"]]
    row = answer.json()["results"][-1]
    assert row["provider"] == Organisation.objects.get(slug="look-ahead").name
    assert row["reference"] == Referral.objects.get(pk=row["referral"]).reference
    assert (row["state"], row["one_visit"], row["completed_on"]) == ("referred", None, None)
    assert answer.json()["count"] == 3


def test_the_delivering_provider_sees_its_own_and_not_another_providers(
    api: Any, lookahead_worker: Any, oasis_worker: Any, scheme: dict[str, int]
) -> None:
    assert set(ids(api(lookahead_worker).get(URL))) == {scheme["swale"], scheme["withdrawn"]}
    assert ids(api(oasis_worker).get(URL)) == [scheme["thanet"]]


def test_it_splits_the_list_as_the_page_does(
    client: Client, api: Any, triage: Any, lookahead_worker: Any, scheme: dict[str, int]
) -> None:
    assert ids(api(lookahead_worker).get(URL, {"under_way": "true"})) == [scheme["swale"]]
    assert ids(api(lookahead_worker).get(URL, {"under_way": "false"})) == [scheme["withdrawn"]]
    assert ids(api(triage).get(URL, {"state": "withdrawn"})) == [scheme["withdrawn"]]
    # The page shows the same two lists.
    client.force_login(lookahead_worker)
    page = client.get(reverse("accommodation:sanctuary-list")).content.decode()
    under_way, finished = page.split("Finished recently")
    swale_reference = Referral.objects.get(sanctuary_referrals__pk=scheme["swale"]).reference
    withdrawn_reference = Referral.objects.get(sanctuary_referrals__pk=scheme["withdrawn"]).reference
    assert swale_reference in under_way and withdrawn_reference in finished


@pytest.mark.parametrize(
    ("query", "field"),
    [({"under_way": "perhaps"}, "under_way"), ({"state": "installed-ish"}, "state"), ({"page_size": "0"}, "page_size")],
)
def test_a_bad_filter_is_a_400_naming_it(api: Any, triage: Any, scheme: dict[str, int], query: Any, field: str) -> None:
    answer = api(triage).get(URL, query)
    assert answer.status_code == 400 and field in answer.json()


def test_it_answers_in_pages(api: Any, triage: Any, scheme: dict[str, int]) -> None:
    first = api(triage).get(URL, {"page_size": 2})
    assert ids(first) == [scheme["withdrawn"], scheme["thanet"]]
    assert first.json()["count"] == 3 and first.json()["next"] and first.json()["previous"] is None
    assert ids(api(triage).get(URL, {"page_size": 2, "page": 2})) == [scheme["swale"]]


def test_roles_the_page_is_not_for_get_404_and_signed_out_callers_401(
    api: Any, commissioner: Any, police_user: Any, scheme: dict[str, int]
) -> None:
    for outsider in (commissioner, police_user):
        assert api(outsider).get(URL).status_code == 404
    assert api(None).get(URL).status_code in (401, 403)


def test_each_page_is_written_in_the_access_trail(api: Any, oasis_worker: Any, scheme: dict[str, int]) -> None:
    api(oasis_worker).get(URL)
    event = AccessEvent.objects.order_by("-id").first()
    thanet_case = Referral.objects.get(sanctuary_referrals__pk=scheme["thanet"]).pk
    assert event is not None and (event.user, event.action, event.referral_ids) == (
        oasis_worker,
        Action.LIST,
        [thanet_case],
    )


def test_it_reads_no_query_per_row(api: Any, triage: Any, scheme: dict[str, int]) -> None:
    client = api(triage)
    counts = []
    for size in (1, 2):  # both shorter than the list, so each page counts it
        client.get(URL, {"page_size": size})  # warm
        with CaptureQueriesContext(connection) as queries:
            assert len(ids(client.get(URL, {"page_size": size}))) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_page_names_each_case_and_reads_no_query_per_row(
    api: Any, triage: Any, routed_case: Any, scheme: dict[str, int]
) -> None:
    page = Client()
    page.force_login(triage)
    page.get("/accommodation/sanctuary/")  # warm
    with CaptureQueriesContext(connection) as three_rows:
        shown = page.get("/accommodation/sanctuary/").content.decode()
    for sanctuary_id in scheme.values():
        assert Referral.objects.get(sanctuary_referrals__pk=sanctuary_id).reference in shown
    refer(api, triage, routed_case("swale", 11), "look-ahead")
    with CaptureQueriesContext(connection) as four_rows:
        page.get("/accommodation/sanctuary/")
    assert len(four_rows) == len(three_rows)
