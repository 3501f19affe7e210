"""The children's service (SASS): a child on a survivor's case referred in their own right, by triage or the
case's provider (from a safe-accommodation case) or for a professional; the children's service (Project
Salus) starts the work, sets goals with the child, logs sessions and scores the goals at review and at the
end. Who, when and why are kept; any other step is a 409; out of scope is 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from accommodation.children_service_models import ChildCase, ChildCaseState, ChildCaseStep
from accounts.models import Role, User
from people.models import Person
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db

GOAL = {
    "level_minus_2": "Cannot sleep most nights",
    "level_minus_1": "Sleeps badly three nights a week",
    "level_0": "Sleeps well most nights",
    "level_plus_1": "Sleeps well every night but one",
    "level_plus_2": "Sleeps well every night",
    "baseline": -1,
}
# Everything happens on a day of the data: referred on 1 September, started on 7 September 2026.
REFERRED = date(2026, 9, 1)
STARTED = date(2026, 9, 7)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 9, 1, 10, 0)), tick=True) as traveller:
        yield traveller


@pytest.fixture
def salus_worker(ref: None) -> User:
    return user_in("project-salus", Role.PROVIDER_WORKER, username="sam.salus", email="sam@salus.example.org")


@pytest.fixture
def family(routed_case: Any) -> tuple[int, Person]:
    """A Swale case (Centra's) with two children; returns (referral id, the younger child)."""
    referral_id = routed_case("swale", 11)
    younger = person(date_of_birth=date(2018, 3, 2))
    link(referral_id, survivor=person(), children=[person(date_of_birth=date(2014, 6, 1)), younger])
    return referral_id, younger


def refer(api: Any, user: User, referral_id: int, child: Person, **overrides: Any) -> Any:
    body = {
        "child": child.pk,
        "source": "safe_accommodation",
        "accommodation_kind": "refuge",
        "reason": "Wets the bed since they left home; frightened at night.",
        **overrides,
    }
    return api(user).post(f"/api/v1/referrals/{referral_id}/childrens-service/", body, format="json")


def step(api: Any, user: User, case_id: int, name: str, body: dict[str, Any]) -> Any:
    return api(user).post(f"/api/v1/childrens-service-cases/{case_id}/{name}/", body, format="json")


@pytest.fixture
def referred(api: Any, triage: User, family: tuple[int, Person]) -> int:
    made = refer(api, triage, *family)
    assert made.status_code == 201, made.json()
    return int(made.json()["id"])


def started(api: Any, worker: User, case_id: int, on: date = STARTED, travel: Any = None) -> None:
    answer = step(api, worker, case_id, "start", {"started_on": on.isoformat()})
    assert answer.status_code == 200, answer.json()


def test_triage_refers_a_child_from_a_refuge_case_to_project_salus(
    api: Any, triage: User, referred: int, family: tuple[int, Person]
) -> None:
    case = ChildCase.objects.get(pk=referred)
    assert (case.state, case.provider.slug, case.child, case.referred_by) == (
        "referred",
        "project-salus",
        family[1],
        triage,
    )
    assert case.accommodation_kind == "refuge"
    assert ChildCaseStep.objects.filter(case=case, move="refer", by=triage).exists()


def test_a_professional_referral_names_the_professional_and_agency(
    api: Any, triage: User, family: tuple[int, Person]
) -> None:
    missing = refer(api, triage, *family, source="professional", accommodation_kind="")
    assert missing.status_code == 400
    assert set(missing.json()) >= {"referrer_name", "referrer_agency"}
    made = refer(
        api, triage, *family, source="professional", referrer_name="Ms Head", referrer_agency="Milton Primary School"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["referrer_agency"] == "Milton Primary School" and made.json()["accommodation_kind"] == ""


def test_only_a_child_on_the_case_and_only_once_while_open(
    api: Any, triage: User, referred: int, family: tuple[int, Person]
) -> None:
    stranger = person(date_of_birth=date(2017, 1, 1))
    assert refer(api, triage, family[0], stranger).status_code == 400
    assert refer(api, triage, *family).status_code == 409


def test_who_may_refer(
    api: Any, centra_worker: User, oasis_worker: User, commissioner: User, salus_worker: User, family: Any
) -> None:
    assert refer(api, oasis_worker, *family).status_code == 404  # not Oasis's case
    assert refer(api, commissioner, *family).status_code == 404
    assert refer(api, salus_worker, *family).status_code == 404  # Salus does not see the survivor's case
    assert refer(api, centra_worker, *family).status_code == 201  # the case's own provider


def test_the_whole_work_with_a_child_goals_sessions_review_and_end(
    api: Any, referred: int, salus_worker: User, _clock: Any
) -> None:
    goals = []
    for title in ("Sleep through the night", "Talk about feelings", "Make a friend at school"):
        made = step(api, salus_worker, referred, "goals", {**GOAL, "title": title, "baseline": -2})
        assert made.status_code == 201, made.json()
        goals = [g["id"] for g in made.json()["goals"]]
    _clock.move_to(timezone.make_aware(timezone.datetime(2026, 9, 7, 10, 0)))
    started(api, salus_worker, referred)
    for week in range(6):
        kind = ["one_to_one", "play_therapy", "group_work", "counselling", "peer_support", "external_activity"][week]
        held = STARTED + timedelta(weeks=week, days=1)
        _clock.move_to(timezone.make_aware(timezone.datetime.combine(held, timezone.datetime.min.time())))
        logged = step(api, salus_worker, referred, "sessions", {"kind": kind, "held_on": held.isoformat()})
        assert logged.status_code == 201, logged.json()
    _clock.move_to(timezone.make_aware(timezone.datetime(2026, 10, 19, 10, 0)))
    reviewed = step(
        api,
        salus_worker,
        referred,
        "review",
        {"scored_on": "2026-10-19", "scores": [{"goal": g, "level": -1} for g in goals]},
    )
    assert reviewed.status_code == 200, reviewed.json()
    assert step(api, salus_worker, referred, "goals", {**GOAL, "title": "Late"}).status_code == 409
    _clock.move_to(timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0)))
    ended = step(
        api,
        salus_worker,
        referred,
        "complete",
        {
            "scored_on": "2026-11-30",
            "scores": [{"goal": g, "level": lvl} for g, lvl in zip(goals, (0, 1, -1), strict=True)],
        },
    )
    assert ended.status_code == 200, ended.json()
    body = ended.json()
    assert body["state"] == "completed" and len(body["sessions"]) == 6
    assert [g["end_level"] for g in body["goals"]] == [0, 1, -1]
    case = ChildCase.objects.get(pk=referred)
    assert case.next_reminder_at is None and case.ended_on == date(2026, 11, 30)
    assert list(case.steps.values_list("to_state", flat=True)) == ["referred", "started", "reviewed", "completed"]


@pytest.mark.parametrize(
    ("state", "move", "allowed"),
    [
        ("referred", "start", True),
        ("referred", "decline", True),
        ("referred", "withdraw", True),
        ("referred", "review", False),
        ("referred", "complete", False),
        ("referred", "close_early", False),
        ("started", "review", True),
        ("started", "complete", True),
        ("started", "close_early", True),
        ("started", "start", False),
        ("started", "decline", False),
        ("reviewed", "complete", True),
        ("reviewed", "close_early", True),
        ("reviewed", "review", False),
        ("completed", "close_early", False),
        ("completed", "complete", False),
        ("declined", "start", False),
        ("closed_early", "complete", False),
    ],
)
def test_each_step_is_allowed_only_from_its_states(state: str, move: str, allowed: bool) -> None:
    from django_fsm import can_proceed

    case = ChildCase(state=state)
    assert can_proceed(getattr(case, move)) is allowed


def test_illegal_steps_answer_409_and_change_nothing(api: Any, referred: int, salus_worker: User) -> None:
    scores = {"scored_on": "2026-09-01", "scores": []}
    assert step(api, salus_worker, referred, "review", scores).status_code == 409
    assert (
        step(api, salus_worker, referred, "sessions", {"kind": "one_to_one", "held_on": "2026-09-01"}).status_code
        == 409
    )
    declined = step(api, salus_worker, referred, "close", {"move": "decline", "reason": "The family moved to Wales."})
    assert declined.status_code == 200 and declined.json()["closed_reason"] == "The family moved to Wales."
    assert step(api, salus_worker, referred, "start", {"started_on": "2026-09-01"}).status_code == 409
    assert ChildCase.objects.get(pk=referred).state == ChildCaseState.DECLINED


def test_closing_needs_a_reason_and_only_the_service_works_the_case(
    api: Any, referred: int, salus_worker: User, centra_worker: User, triage: User
) -> None:
    assert step(api, salus_worker, referred, "close", {"move": "close_early", "reason": "x"}).status_code == 409
    assert step(api, salus_worker, referred, "close", {"move": "decline", "reason": ""}).status_code == 400
    # The survivor's provider sees the child's case but does not work it; it may withdraw its referral.
    assert step(api, centra_worker, referred, "start", {"started_on": "2026-09-01"}).status_code == 403
    assert api(centra_worker).get(f"/api/v1/childrens-service-cases/{referred}/").status_code == 200
    withdrawn = step(api, triage, referred, "close", {"move": "withdraw", "reason": "Referred in error."})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    last = ChildCaseStep.objects.filter(case_id=referred).last()
    assert last is not None and (last.by, last.reason, last.from_state) == (triage, "Referred in error.", "referred")


def test_scoring_needs_every_goal_and_a_level_from_minus_2_to_2(api: Any, referred: int, salus_worker: User) -> None:
    goal = step(api, salus_worker, referred, "goals", {**GOAL, "title": "Sleep"}).json()["goals"][0]["id"]
    step(api, salus_worker, referred, "goals", {**GOAL, "title": "Talk"})
    started(api, salus_worker, referred, on=REFERRED)
    one = {"scored_on": "2026-09-01", "scores": [{"goal": goal, "level": 0}]}
    assert step(api, salus_worker, referred, "review", one).status_code == 400
    wrong = {"scored_on": "2026-09-01", "scores": [{"goal": goal, "level": 3}]}
    assert step(api, salus_worker, referred, "review", wrong).status_code == 400
    assert ChildCase.objects.get(pk=referred).state == "started"


def test_a_goal_describes_all_five_levels_and_a_starting_level(api: Any, referred: int, salus_worker: User) -> None:
    no_baseline = {k: v for k, v in GOAL.items() if k != "baseline"}
    assert step(api, salus_worker, referred, "goals", {**no_baseline, "title": "Sleep"}).status_code == 400
    blank = step(api, salus_worker, referred, "goals", {**GOAL, "title": "Sleep", "level_plus_2": ""})
    assert blank.status_code == 400
    weighted = step(api, salus_worker, referred, "goals", {**GOAL, "title": "Sleep", "weight": 2})
    assert weighted.status_code == 201 and weighted.json()["goals"][0]["weight"] == 2


def test_who_sees_a_childs_case(
    api: Any,
    referred: int,
    salus_worker: User,
    centra_worker: User,
    oasis_worker: User,
    commissioner: User,
    administrator: User,
) -> None:
    url = f"/api/v1/childrens-service-cases/{referred}/"
    assert api(salus_worker).get(url).status_code == 200  # the children's service holding the case
    assert api(centra_worker).get(url).status_code == 200  # may see the survivor's case
    assert api(administrator).get(url).status_code == 200
    assert api(oasis_worker).get(url).status_code == 404
    assert api(commissioner).get(url).status_code == 404
    other = user_in("project-salus", Role.PROVIDER_WORKER, username="other.salus")
    assert api(other).get("/api/v1/childrens-service-cases/").json()[0]["id"] == referred
    assert api(oasis_worker).get("/api/v1/childrens-service-cases/").json() == []


def test_the_pages_take_a_worker_through_the_steps(
    client: Any, api: Any, referred: int, salus_worker: User, oasis_worker: User
) -> None:
    client.force_login(salus_worker)
    page = client.get(f"/accommodation/childrens-service/{referred}/")
    assert page.status_code == 200 and b"Start the work" in page.content
    goal_form = client.get(f"/accommodation/childrens-service/{referred}/goals/new/")
    assert goal_form.status_code == 200 and b"checked" not in goal_form.content  # no level chosen for them
    saved = client.post(
        f"/accommodation/childrens-service/{referred}/goals/new/", {**GOAL, "title": "Sleep", "weight": ""}
    )
    assert saved.status_code == 302
    assert client.get(f"/accommodation/childrens-service/{referred}/review/").status_code == 409
    started_page = client.post(
        f"/accommodation/childrens-service/{referred}/start/",
        {"started_on_0": "1", "started_on_1": "9", "started_on_2": "2026"},
    )
    assert started_page.status_code == 302, started_page.content.decode()[:2000]
    review = client.get(f"/accommodation/childrens-service/{referred}/review/")
    assert (
        review.status_code == 200 and b"Sleeps well most nights" in review.content and b"checked" not in review.content
    )
    unscored = client.post(
        f"/accommodation/childrens-service/{referred}/review/",
        {"scored_on_0": "1", "scored_on_1": "9", "scored_on_2": "2026"},
    )
    assert unscored.status_code == 400 and "Score “Sleep”" in unscored.content.decode()
    client.force_login(oasis_worker)
    assert client.get(f"/accommodation/childrens-service/{referred}/").status_code == 404
