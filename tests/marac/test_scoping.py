"""Who sees what. MARAC members only; partner agency staff see only cases on an agenda of their
MARAC, only their own agency's actions, and never the referral record. Out of scope is 404."""

from __future__ import annotations

import pytest

from marac.models import MaracAction, Research
from tests.marac.conftest import action_on

pytestmark = pytest.mark.django_db


def action_for(item, owner_slug: str, coordinator) -> MaracAction:
    return action_on(item, owner_slug)


def test_a_housing_member_sees_only_housing_actions_of_its_marac(api, listed, swale_coordinator, swale_housing) -> None:
    housing = action_for(listed, "swale-housing", swale_coordinator)
    police = action_for(listed, "kent-police", swale_coordinator)
    body = api(swale_housing).get(f"/api/v1/marac-cases/{listed.case_id}/actions/").json()
    assert [a["id"] for a in body] == [housing.pk]
    meeting_actions = api(swale_housing).get(f"/api/v1/marac-meetings/{listed.meeting_id}/actions/").json()
    assert [a["id"] for a in meeting_actions] == [housing.pk]
    assert api(swale_housing).post(f"/api/v1/marac-actions/{police.pk}/status/", {"status": "done"}).status_code == 404
    coordinator_sees = api(swale_coordinator).get(f"/api/v1/marac-cases/{listed.case_id}/actions/").json()
    assert {a["id"] for a in coordinator_sees} == {housing.pk, police.pk}


def test_a_housing_member_updates_its_own_action_and_the_change_is_recorded(
    api, listed, swale_coordinator, swale_housing
) -> None:
    housing = action_for(listed, "swale-housing", swale_coordinator)
    response = api(swale_housing).post(
        f"/api/v1/marac-actions/{housing.pk}/status/",
        {"status": "circumstances_changed", "reason": "Moved out of the area"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "circumstances_changed"
    change = housing.changes.get()
    assert (change.from_status, change.to_status, change.by, change.reason) == (
        "open",
        "circumstances_changed",
        swale_housing,
        "Moved out of the area",
    )
    again = api(swale_housing).post(f"/api/v1/marac-actions/{housing.pk}/status/", {"status": "done"}, format="json")
    assert again.status_code == 409


def test_not_done_needs_a_reason(api, listed, swale_coordinator, swale_housing) -> None:
    housing = action_for(listed, "swale-housing", swale_coordinator)
    response = api(swale_housing).post(
        f"/api/v1/marac-actions/{housing.pk}/status/", {"status": "not_done"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    assert MaracAction.objects.get(pk=housing.pk).status == "open"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/maracs/swale-marac/high-risk-list/",
        "/api/v1/maracs/swale-marac/meetings/",
        "/api/v1/maracs/swale-marac/figures/",
        "/api/v1/marac-meetings/{meeting}/",
        "/api/v1/marac-meetings/{meeting}/actions/",
        "/api/v1/marac-cases/{case}/",
        "/api/v1/marac-cases/{case}/research/",
        "/api/v1/marac-cases/{case}/actions/",
    ],
)
def test_a_member_of_another_marac_gets_404(api, listed, thanet_police, thanet_coordinator, url: str) -> None:
    url = url.format(meeting=listed.meeting_id, case=listed.case_id)
    assert api(thanet_police).get(url).status_code == 404
    assert api(thanet_coordinator).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["police_user", "centra_worker", "triage", "commissioner"])
def test_people_outside_the_marac_get_404(api, listed, request, persona: str) -> None:
    user = request.getfixturevalue(persona)
    assert api(user).get(f"/api/v1/marac-cases/{listed.case_id}/").status_code == 404
    assert api(user).get(f"/api/v1/marac-meetings/{listed.meeting_id}/").status_code == 404


def test_anonymous_requests_are_refused(api, listed) -> None:
    assert api(None).get(f"/api/v1/marac-cases/{listed.case_id}/").status_code in (401, 403)


def test_partner_staff_see_only_cases_on_an_agenda(api, listed, make_case, swale_housing, swale_coordinator) -> None:
    waiting = make_case(days_ago=1)
    ids = [c["id"] for c in api(swale_housing).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]]
    assert ids == [listed.case_id]
    assert api(swale_housing).get(f"/api/v1/marac-cases/{waiting.pk}/").status_code == 404
    assert len(api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]) == 2


def test_partner_staff_never_see_the_referral_record(api, client, listed, swale_housing) -> None:
    referral_id = listed.case.referral_id
    assert api(swale_housing).get(f"/api/v1/referrals/{referral_id}/").status_code == 404
    client.force_login(swale_housing)
    assert client.get(f"/referrals/{referral_id}/").status_code == 404
    case = api(swale_housing).get(f"/api/v1/marac-cases/{listed.case_id}/").json()
    assert "safe_phone" not in case and "circumstances" not in case and "postcode" not in case


def test_research_is_one_entry_per_agency_and_only_members_see_it(
    api, listed, swale_housing, swale_police, thanet_police
) -> None:
    url = f"/api/v1/marac-cases/{listed.case_id}/research/"
    first = api(swale_housing).post(url, {"agency": "housing", "text": "Tenancy in her name"}, format="json")
    assert first.status_code == 201, first.json()
    api(swale_housing).post(url, {"agency": "housing", "text": "Tenancy in her name; rent arrears"}, format="json")
    assert Research.objects.get().text == "Tenancy in her name; rent arrears"
    assert api(swale_housing).post(url, {"agency": "police", "text": "x"}, format="json").status_code == 400
    api(swale_police).post(url, {"agency": "police", "text": "Two call-outs"}, format="json")
    assert {r["agency"] for r in api(swale_housing).get(url).json()} == {"housing", "police"}
    assert api(thanet_police).get(url).status_code == 404
