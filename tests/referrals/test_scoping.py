"""Who sees what: one scoping function, and out of scope is always 404, never a 403 with content."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def swale_high(create_referral, assess):
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    return referral["id"]  # routed to Centra, listed at Swale MARAC


@pytest.fixture
def thanet_medium(create_referral, assess):
    referral = create_referral(district="thanet")
    assess(referral["id"], 11)
    return referral["id"]  # routed to Oasis


@pytest.mark.parametrize(
    ("persona", "sees_swale", "sees_thanet"),
    [
        ("triage", True, True),
        ("administrator", True, True),
        ("centra_worker", True, False),
        ("centra_manager", True, False),
        ("oasis_worker", False, True),
        ("lookahead_worker", False, False),
        ("swale_coordinator", True, False),
        ("thanet_coordinator", False, False),
        ("police_user", False, False),
        ("commissioner", False, False),
    ],
)
def test_each_role_sees_only_its_referrals(
    request, api, swale_high: int, thanet_medium: int, persona: str, sees_swale: bool, sees_thanet: bool
) -> None:
    user = request.getfixturevalue(persona)
    client = api(user)
    browser = Client()
    browser.force_login(user)
    listed = {r["id"] for r in client.get("/api/v1/referrals/").json()["results"]}
    assert (swale_high in listed, thanet_medium in listed) == (sees_swale, sees_thanet)
    for referral_id, sees in ((swale_high, sees_swale), (thanet_medium, sees_thanet)):
        response = client.get(f"/api/v1/referrals/{referral_id}/")
        assert response.status_code == (200 if sees else 404)
        if not sees:
            assert "first_name" not in response.content.decode()
        assert browser.get(f"/referrals/{referral_id}/").status_code == (200 if sees else 404)


@pytest.mark.parametrize("action", ["accept", "decline", "close", "withdraw", "route", "risk-assessment"])
def test_an_outsider_acting_on_a_referral_gets_404(api, oasis_worker, swale_high: int, action: str) -> None:
    response = api(oasis_worker).post(f"/api/v1/referrals/{swale_high}/{action}/", {"reason": "x"}, format="json")
    assert response.status_code == 404


def test_a_provider_loses_sight_of_a_referral_it_declined(api, centra_worker, swale_high: int) -> None:
    response = api(centra_worker).post(
        f"/api/v1/referrals/{swale_high}/decline/", {"reason": "No capacity"}, format="json"
    )
    assert response.status_code == 200
    assert api(centra_worker).get(f"/api/v1/referrals/{swale_high}/").status_code == 404


def test_the_triage_queue_is_for_the_triage_team(client, centra_worker, triage, ref) -> None:
    client.force_login(centra_worker)
    assert client.get("/referrals/queue/").status_code == 404
    client.force_login(triage)
    assert client.get("/referrals/queue/").status_code == 200


def test_an_unknown_id_is_404_not_500(api, triage) -> None:
    assert api(triage).get("/api/v1/referrals/999999999/").status_code == 404
    assert api(triage).post("/api/v1/referrals/999999999/accept/", {}, format="json").status_code == 404
