"""A request for a refuge place: asked by triage or the case's provider, answered by the refuge's provider
(accepted, no capacity, not suitable with its reason), declined by the survivor; who, when and why kept;
any other step is a 409. The vacancy board shows today's suitable free places across refuges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accommodation import selectors
from accommodation.models import RefugeRequest, RefugeRequestState
from accounts.models import Role
from casework.models import Refuge, RefugePlace, SupportEpisode
from providers.models import Service
from tests.factories import user_in

pytestmark = pytest.mark.django_db

FAMILY_OF_FOUR = {
    "out_of_area": False,
    "adults": 1,
    "children": 3,
    "children_ages": "2, 6 and 9",
    "needs_wheelchair_access": False,
}


def refuge(name: str) -> Refuge:
    return Refuge.objects.get(name=name)


def ask(api: Any, user: Any, case: int, refuge_name: str, **overrides: Any) -> Any:
    body = {**FAMILY_OF_FOUR, "refuge": refuge(refuge_name).pk, **overrides}
    return api(user).post(f"/api/v1/referrals/{case}/refuge-requests/", body, format="json")


def answer(api: Any, user: Any, request_id: int, **body: Any) -> Any:
    return api(user).post(f"/api/v1/refuge-requests/{request_id}/answer/", body, format="json")


def decline(api: Any, user: Any, request_id: int, note: str = "Wants to stay near her mother.") -> Any:
    return api(user).post(f"/api/v1/refuge-requests/{request_id}/decline/", {"note": note}, format="json")


@pytest.fixture
def case(routed_case: Any) -> int:
    return routed_case("swale", 11)


@pytest.fixture
def requested(api: Any, triage: Any, case: int) -> int:
    made = ask(api, triage, case, "West Kent Refuge 1", out_of_area=True)
    assert made.status_code == 201, made.json()
    return int(made.json()["id"])


def test_triage_asks_a_refuge_and_its_provider_answers_no_capacity_with_who_and_when(
    api: Any, triage: Any, lookahead_worker: Any, requested: int
) -> None:
    assert api(triage).get(f"/api/v1/refuge-requests/{requested}/").json()["state"] == "requested"
    answered = answer(api, lookahead_worker, requested, answer="no_capacity", note="Full until the spring.")
    assert answered.status_code == 200, answered.json()
    saved = RefugeRequest.objects.get(pk=requested)
    assert (saved.state, saved.answered_by, saved.answer_note) == (
        "no_capacity",
        lookahead_worker,
        "Full until the spring.",
    )
    assert saved.answered_at is not None and saved.requested_by == triage and saved.out_of_area


def test_only_the_refuges_own_provider_answers(
    api: Any, centra_worker: Any, oasis_worker: Any, triage: Any, requested: int
) -> None:
    # Centra holds the case, so sees the request, but West Kent Refuge 1 is Look Ahead's.
    assert answer(api, centra_worker, requested, answer="accepted").status_code == 403
    assert answer(api, triage, requested, answer="accepted").status_code == 403
    # Oasis has nothing to do with the case or the refuge: as if it did not exist.
    assert answer(api, oasis_worker, requested, answer="accepted").status_code == 404
    assert api(oasis_worker).get(f"/api/v1/refuge-requests/{requested}/").status_code == 404


def test_not_suitable_needs_its_reason(api: Any, lookahead_worker: Any, requested: int) -> None:
    refused = answer(api, lookahead_worker, requested, answer="not_suitable")
    assert refused.status_code == 400
    assert "Say why" in refused.json()["detail"]
    assert RefugeRequest.objects.get(pk=requested).state == "requested"
    done = answer(api, lookahead_worker, requested, answer="not_suitable", unsuitable_reason="no_recourse")
    assert done.json()["unsuitable_reason"] == "no_recourse"


# From each state, which steps are allowed (the rest answer 409 and change nothing).
STEPS: list[tuple[str, dict[str, Any]]] = [
    ("accepted", {"answer": "accepted"}),
    ("no_capacity", {"answer": "no_capacity"}),
    ("not_suitable", {"answer": "not_suitable", "unsuitable_reason": "children"}),
    ("declined", {}),
]
ALLOWED = {
    "requested": {"accepted", "no_capacity", "not_suitable", "declined"},
    "accepted": {"declined"},
    "no_capacity": set(),
    "not_suitable": set(),
    "declined": set(),
}


def _take(api: Any, lookahead_worker: Any, triage: Any, request_id: int, step: str, body: dict[str, Any]) -> Any:
    if step == "declined":
        return decline(api, triage, request_id)
    return answer(api, lookahead_worker, request_id, **body)


@pytest.mark.parametrize("start", list(ALLOWED))
@pytest.mark.parametrize(("step", "body"), STEPS)
def test_each_state_allows_only_its_steps(
    api: Any, triage: Any, lookahead_worker: Any, requested: int, start: str, step: str, body: dict[str, Any]
) -> None:
    to_start = dict(STEPS)
    if start != "requested":
        assert _take(api, lookahead_worker, triage, requested, start, to_start[start]).status_code == 200
    response = _take(api, lookahead_worker, triage, requested, step, body)
    if step in ALLOWED[start]:
        assert response.status_code == 200, response.json()
        assert RefugeRequest.objects.get(pk=requested).state == step
    else:
        assert response.status_code == 409, response.json()
        assert RefugeRequest.objects.get(pk=requested).state == start


def test_the_survivor_declining_needs_why(api: Any, triage: Any, requested: int) -> None:
    assert decline(api, triage, requested, note="").status_code == 400
    assert RefugeRequest.objects.get(pk=requested).state == RefugeRequestState.REQUESTED


def test_one_waiting_request_per_refuge_and_case(api: Any, triage: Any, case: int, requested: int) -> None:
    assert ask(api, triage, case, "West Kent Refuge 1").status_code == 409
    assert ask(api, triage, case, "North Kent Refuge").status_code == 201


def test_the_database_refuses_a_step_the_state_machine_does_not_have(
    api: Any, triage: Any, lookahead_worker: Any, requested: int
) -> None:
    from django.db import IntegrityError, InternalError, ProgrammingError, transaction

    answer(api, lookahead_worker, requested, answer="no_capacity")
    with pytest.raises((InternalError, IntegrityError, ProgrammingError)), transaction.atomic():
        RefugeRequest.objects.filter(pk=requested).update(state="accepted")


def test_partners_and_commissioners_cannot_ask(api: Any, police_user: Any, commissioner: Any, case: int) -> None:
    assert ask(api, police_user, case, "North Kent Refuge").status_code == 404
    assert ask(api, commissioner, case, "North Kent Refuge").status_code == 404


def _fill(refuge_name: str, worker: Any, case: int) -> None:
    """Every place of a refuge occupied from yesterday."""
    service = Service.objects.get(slug="refuge")
    for place in RefugePlace.objects.filter(refuge__name=refuge_name):
        SupportEpisode.objects.create(
            referral_id=case,
            service=service,
            started_on=timezone.localdate() - timedelta(days=1),
            refuge_place=place,
            started_by=worker,
        )


def test_the_vacancy_board_shows_todays_suitable_free_places(
    api: Any, triage: Any, lookahead_worker: Any, case: int
) -> None:
    _fill("West Kent Refuge 1", lookahead_worker, case)
    every = api(triage).get("/api/v1/refuge-vacancies/").json()
    assert "West Kent Refuge 1" not in {p["refuge"] for p in every}
    family = api(triage).get("/api/v1/refuge-vacancies/", {"adults": 1, "children": 3}).json()
    assert family and all(p["family_room"] and not p["men_only"] for p in family)
    men = api(triage).get("/api/v1/refuge-vacancies/", {"male_survivor": "true"}).json()
    assert {p["refuge"] for p in men} == {"Kent Male Refuge"}
    assert api(triage).get("/api/v1/refuge-vacancies/", {"children": -1}).status_code == 400


def test_the_male_refuge_has_its_three_beds(ref: None) -> None:
    assert RefugePlace.objects.filter(refuge__name="Kent Male Refuge", refuge__men_only=True).count() == 3


def test_the_board_is_for_triage_and_provider_staff(
    api: Any, police_user: Any, commissioner: Any, centra_worker: Any
) -> None:
    assert (
        api(police_user).get("/api/v1/refuge-vacancies/").status_code == 404
    )  # as its page answers (config.permissions)
    assert (
        api(commissioner).get("/api/v1/refuge-vacancies/").status_code == 404
    )  # as its page answers (config.permissions)
    assert api(centra_worker).get("/api/v1/refuge-vacancies/").status_code == 200


def test_leaving_a_refuge_records_the_move_on_and_counts_among_leavers_only(
    api: Any, open_case: Any, centra_worker: Any
) -> None:
    from referrals.models import ReferralChild

    case = open_case(centra_worker, "swale", 11)
    today = timezone.localdate()
    place = RefugePlace.objects.filter(refuge__name="North Kent Refuge").first()
    assert place is not None
    started = api(centra_worker).post(
        f"/api/v1/referrals/{case}/support/",
        {"service": "refuge", "started_on": today.isoformat(), "refuge_place": place.pk},
        format="json",
    )
    assert started.status_code == 201, started.json()
    stay = started.json()["id"]
    left = api(centra_worker).post(
        f"/api/v1/refuge-stays/{stay}/leaving/",
        {"left_on": today.isoformat(), "planned": True, "destination": "social_tenancy"},
        format="json",
    )
    assert left.status_code == 201, left.json()
    assert SupportEpisode.objects.get(pk=stay).ended_on == today
    figures = selectors.refuge_figures(today - timedelta(days=30), today)
    assert (figures.leavers, figures.planned_move_ons, figures.households_in_refuge) == (1, 1, 1)
    assert figures.children_in_refuge == ReferralChild.objects.filter(referral_id=case).count()
    # Once left, a stay cannot be left again.
    again = api(centra_worker).post(
        f"/api/v1/refuge-stays/{stay}/leaving/",
        {"left_on": today.isoformat(), "planned": False, "destination": "unknown"},
        format="json",
    )
    assert again.status_code == 400


def test_provider_staff_see_requests_to_their_refuges_and_on_their_cases(
    api: Any, requested: int, lookahead_worker: Any, centra_worker: Any, oasis_worker: Any
) -> None:
    assert selectors.refuge_requests_visible_to(lookahead_worker).filter(pk=requested).exists()
    assert selectors.refuge_requests_visible_to(centra_worker).filter(pk=requested).exists()
    assert not selectors.refuge_requests_visible_to(oasis_worker).filter(pk=requested).exists()
    assert [r.pk for r in selectors.refuge_requests_listed(lookahead_worker)[0]] == [requested]
    assert not selectors.refuge_requests_listed(centra_worker)[0].exists()
    manager = user_in("look-ahead", Role.PROVIDER_MANAGER, username="lou.lookahead")
    assert selectors.refuge_requests_listed(manager)[0].count() == 1
