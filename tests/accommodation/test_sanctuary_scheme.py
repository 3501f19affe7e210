"""A household referred to the sanctuary scheme (SAFER) by triage or the case's provider; the scheme's provider
checks eligibility, assesses the property, installs measures and completes; the survivor may decline, or
either side withdraw, with why. Every step keeps who and when; any step the state does not allow is a 409,
on the page and the API; out of scope is 404."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_fsm import can_proceed

from accommodation.sanctuary.models import (
    SANCTUARY_STEPS,
    SanctuaryMeasure,
    SanctuaryMove,
    SanctuaryReferral,
    SanctuaryState,
)
from people.models import Person
from providers.models import Organisation
from referrals.models import LivesInHousehold, ReferralChild

pytestmark = pytest.mark.django_db
S = SanctuaryState


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel("2026-11-10 10:00:00+00:00", tick=False) as traveller:
        yield traveller


def lookahead() -> int:
    return Organisation.objects.get(slug="look-ahead").pk


def measures(*slugs: str) -> list[int]:
    return list(SanctuaryMeasure.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def refer(api: Any, user: Any, case: int, **body: Any) -> Any:
    return api(user).post(
        f"/api/v1/referrals/{case}/sanctuary-referrals/", {"provider": lookahead(), **body}, format="json"
    )


def step(api: Any, user: Any, sanctuary_id: int, name: str, **body: Any) -> Any:
    return api(user).post(f"/api/v1/sanctuary-referrals/{sanctuary_id}/{name}/", body, format="json")


ELIGIBLE = {"perpetrator_lives_there": "no", "tenure": "private_tenant", "consent": "yes"}


@pytest.fixture
def case(routed_case: Any) -> int:
    return int(routed_case("swale", 11))


@pytest.fixture
def referred(api: Any, triage: Any, case: int) -> int:
    made = refer(api, triage, case, note="Ex-partner moved out; she wants to stay.")
    assert made.status_code == 201, made.json()
    return int(made.json()["id"])


def test_it_goes_from_referral_to_completed_in_one_visit_with_who_and_when(
    api: Any, triage: Any, lookahead_worker: Any, referred: int
) -> None:
    checked = step(api, lookahead_worker, referred, "eligibility", **ELIGIBLE)
    assert checked.status_code == 200, checked.json()
    assert checked.json()["decision"] == "eligible"
    assert (
        step(api, lookahead_worker, referred, "assessment", assessed_on="2026-11-10", notes="Back door weak").json()[
            "state"
        ]
        == "assessed"
    )
    installed = step(
        api, lookahead_worker, referred, "installation", installed_on="2026-11-10", measures=measures("alarm", "cctv")
    )
    assert installed.status_code == 200, installed.json()
    assert installed.json()["one_visit"] is True
    assert {m["measure"] for m in installed.json()["installed"]} == {
        "Alarm (intruder or personal)",
        "CCTV or video doorbell",
    }
    done = step(api, lookahead_worker, referred, "completion", completed_on="2026-11-10")
    assert done.status_code == 200 and done.json()["state"] == "completed"
    saved = SanctuaryReferral.objects.get(pk=referred)
    assert (saved.referred_by, saved.assessed_by, saved.installed_by, saved.completed_by) == (
        triage,
        lookahead_worker,
        lookahead_worker,
        lookahead_worker,
    )
    assert not saved.male_survivor and saved.survivor_id is not None
    moves = list(SanctuaryMove.objects.filter(sanctuary_referral=saved).values_list("to_state", "by__username"))
    assert [m[0] for m in moves] == ["referred", "eligible", "assessed", "installed", "completed"]


def test_installed_another_day_is_not_one_visit(api: Any, lookahead_worker: Any, referred: int, clock: Any) -> None:
    step(api, lookahead_worker, referred, "eligibility", **ELIGIBLE)
    step(api, lookahead_worker, referred, "assessment", assessed_on="2026-11-10")
    clock.move_to("2026-11-17 10:00:00+00:00")
    installed = step(
        api, lookahead_worker, referred, "installation", installed_on="2026-11-17", measures=measures("window-locks")
    )
    assert installed.json()["one_visit"] is False


def test_an_unknown_answer_keeps_it_referred_and_a_perpetrator_at_home_ends_it(
    api: Any, lookahead_worker: Any, referred: int
) -> None:
    waiting = step(api, lookahead_worker, referred, "eligibility", **{**ELIGIBLE, "tenure": "not_known"})
    assert waiting.status_code == 200
    assert waiting.json()["decision"] == "not decided yet"
    assert waiting.json()["sanctuary_referral"]["state"] == "referred"
    assert waiting.json()["sanctuary_referral"]["tenure"] == "not_known"
    ended = step(api, lookahead_worker, referred, "eligibility", **{**ELIGIBLE, "perpetrator_lives_there": "yes"})
    assert ended.json()["decision"] == "not eligible"
    saved = SanctuaryReferral.objects.get(pk=referred)
    assert (saved.state, saved.ended_by) == (S.NOT_ELIGIBLE, lookahead_worker)
    assert "perpetrator lives there" in saved.ended_reason


def test_every_answer_is_needed(api: Any, lookahead_worker: Any, referred: int) -> None:
    # Nothing is pre-selected or assumed: a missing answer is refused, not taken as "no".
    refused = step(api, lookahead_worker, referred, "eligibility", tenure="owner", consent="yes")
    assert refused.status_code == 400 and "perpetrator_lives_there" in refused.json()


# Each state and the steps the services allow from it (the rest answer 409).
ALL_MOVES = {move for move, _, _ in SANCTUARY_STEPS}
ALLOWED = {
    S.REFERRED: {"check_eligible", "find_not_eligible", "decline", "withdraw"},
    S.ELIGIBLE: {"assess", "decline", "withdraw"},
    S.ASSESSED: {"install", "decline", "withdraw"},
    S.INSTALLED: {"complete", "withdraw"},
    S.COMPLETED: set(),
    S.NOT_ELIGIBLE: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}


@pytest.mark.parametrize("state", list(S))
def test_each_state_allows_exactly_its_steps(state: SanctuaryState) -> None:
    record = SanctuaryReferral(state=state)
    assert {move for move in ALL_MOVES if can_proceed(getattr(record, move))} == ALLOWED[state]


# A state reached through the API, and a step asked for there: (state, endpoint, body, status).
def _to(api: Any, worker: Any, sanctuary_id: int, state: SanctuaryState) -> None:
    path: list[tuple[str, dict[str, Any]]] = [
        ("eligibility", ELIGIBLE),
        ("assessment", {"assessed_on": "2026-11-10"}),
        ("installation", {"installed_on": "2026-11-10", "measures": measures("alarm")}),
        ("completion", {"completed_on": "2026-11-10"}),
    ]
    ends = {S.DECLINED: "declined", S.WITHDRAWN: "withdrawn"}
    if state in ends:
        assert step(api, worker, sanctuary_id, "end", ending=ends[state], reason="Moving away").status_code == 200
        return
    order = [S.REFERRED, S.ELIGIBLE, S.ASSESSED, S.INSTALLED, S.COMPLETED]
    for name, body in path[: order.index(state)]:
        assert step(api, worker, sanctuary_id, name, **body).status_code == 200


STEP_TABLE = [
    (S.REFERRED, "assessment", {"assessed_on": "2026-11-10"}, 409),
    (S.REFERRED, "installation", {"installed_on": "2026-11-10", "measures": ["alarm"]}, 409),
    (S.REFERRED, "completion", {"completed_on": "2026-11-10"}, 409),
    (S.ELIGIBLE, "eligibility", ELIGIBLE, 409),
    (S.ELIGIBLE, "installation", {"installed_on": "2026-11-10", "measures": ["alarm"]}, 409),
    (S.ASSESSED, "completion", {"completed_on": "2026-11-10"}, 409),
    (S.INSTALLED, "end", {"ending": "declined", "reason": "Changed her mind"}, 409),
    (S.INSTALLED, "end", {"ending": "withdrawn", "reason": "Moved away"}, 200),
    (S.COMPLETED, "end", {"ending": "withdrawn", "reason": "Too late"}, 409),
    (S.DECLINED, "assessment", {"assessed_on": "2026-11-10"}, 409),
    (S.WITHDRAWN, "eligibility", ELIGIBLE, 409),
]


@pytest.mark.parametrize(("state", "name", "body", "status"), STEP_TABLE)
def test_a_step_the_state_does_not_allow_is_a_conflict(
    api: Any, lookahead_worker: Any, referred: int, state: SanctuaryState, name: str, body: dict[str, Any], status: int
) -> None:
    _to(api, lookahead_worker, referred, state)
    if body.get("measures") == ["alarm"]:
        body = {**body, "measures": measures("alarm")}
    before = SanctuaryReferral.objects.get(pk=referred).state
    answered = step(api, lookahead_worker, referred, name, **body)
    assert answered.status_code == status, answered.json()
    if status == 409:
        assert SanctuaryReferral.objects.get(pk=referred).state == before


def test_only_the_schemes_provider_delivers_and_out_of_scope_is_404(
    api: Any, triage: Any, centra_worker: Any, oasis_worker: Any, referred: int
) -> None:
    # Centra holds the case, so sees the referral, but the scheme is Look Ahead's.
    assert api(centra_worker).get(f"/api/v1/sanctuary-referrals/{referred}/").status_code == 200
    assert step(api, centra_worker, referred, "eligibility", **ELIGIBLE).status_code == 403
    assert step(api, triage, referred, "eligibility", **ELIGIBLE).status_code == 403
    # Oasis neither holds the case nor delivers the scheme.
    assert api(oasis_worker).get(f"/api/v1/sanctuary-referrals/{referred}/").status_code == 404
    assert step(api, oasis_worker, referred, "end", ending="withdrawn", reason="x").status_code == 404
    # The referrer may withdraw, with why.
    assert step(api, centra_worker, referred, "end", ending="withdrawn", reason="").status_code == 400
    ended = step(api, centra_worker, referred, "end", ending="withdrawn", reason="Moved to her sister's")
    assert ended.status_code == 200 and ended.json()["ended_reason"] == "Moved to her sister's"


def test_one_referral_at_a_time_and_only_by_triage_or_the_cases_provider(
    api: Any, triage: Any, oasis_worker: Any, case: int, referred: int
) -> None:
    assert refer(api, triage, case).status_code == 409
    assert refer(api, oasis_worker, case).status_code == 404
    assert refer(api, triage, case, provider=Organisation.objects.get(slug="kent-police").pk).status_code in (400, 409)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_refer_check_and_offer_support_to_everyone_in_the_home(
    triage: Any, lookahead_worker: Any, case: int
) -> None:
    child = Person.objects.create(given_name="Mia", family_name="Stone", date_of_birth=date(2018, 3, 1))
    away = Person.objects.create(given_name="Leo", family_name="Stone", date_of_birth=date(2010, 3, 1))
    ReferralChild.objects.create(referral_id=case, person=child, lives_in_household=LivesInHousehold.YES)
    ReferralChild.objects.create(referral_id=case, person=away, lives_in_household=LivesInHousehold.NO)
    tara, lena = signed_in(triage), signed_in(lookahead_worker)
    made = tara.post(f"/accommodation/cases/{case}/sanctuary/", {"provider": lookahead(), "note": ""})
    assert made.status_code == 302
    sanctuary = SanctuaryReferral.objects.get(referral_id=case)
    assert f"/accommodation/sanctuary/{sanctuary.pk}/" in tara.get(f"/referrals/{case}/").content.decode()

    record = lena.get(f"/accommodation/sanctuary/{sanctuary.pk}/").content.decode()
    # No answer is pre-selected on the eligibility form.
    assert "Check eligibility" in record and not re.search(r"<input[^>]*checked", record)
    assert "On the referral, the perpetrator did not live with her: ask again." in record
    assert f"/referrals/children/{child.pk}/" in record and f"/referrals/children/{away.pk}/" not in record
    assert "Children&#x27;s support in safe accommodation (SASS)" in record

    # Half an answer is refused with the form again; a step the state does not allow is a 409 page.
    assert lena.post(f"/accommodation/sanctuary/{sanctuary.pk}/eligibility/", {"tenure": "owner"}).status_code == 400
    late = lena.post(
        f"/accommodation/sanctuary/{sanctuary.pk}/complete/",
        {"completed_on_0": "10", "completed_on_1": "11", "completed_on_2": "2026"},
    )
    assert late.status_code == 409 and "Not possible now" in late.content.decode()
    checked = lena.post(f"/accommodation/sanctuary/{sanctuary.pk}/eligibility/", ELIGIBLE)
    assert checked.status_code == 302
    sanctuary.refresh_from_db()
    assert sanctuary.state == S.ELIGIBLE
    assert tara.get("/accommodation/sanctuary/").status_code == 200


@pytest.mark.parametrize(
    ("state", "step_title"),
    [
        (S.REFERRED, "Check eligibility"),
        (S.ELIGIBLE, "Property assessment"),
        (S.ASSESSED, "Measures installed"),
        (S.INSTALLED, "Complete"),
        (S.COMPLETED, None),
        (S.WITHDRAWN, None),
    ],
)
def test_the_record_offers_the_scheme_its_next_step_and_the_referrer_only_the_ending(
    api: Any, lookahead_worker: Any, centra_worker: Any, referred: int, state: SanctuaryState, step_title: str | None
) -> None:
    _to(api, lookahead_worker, referred, state)
    scheme = signed_in(lookahead_worker).get(f"/accommodation/sanctuary/{referred}/")
    referrer = signed_in(centra_worker).get(f"/accommodation/sanctuary/{referred}/")
    assert scheme.status_code == referrer.status_code == 200
    page, theirs = scheme.content.decode(), referrer.content.decode()
    if step_title:
        assert f'<h2 class="govuk-heading-m">{step_title}</h2>' in page
        assert f'<h2 class="govuk-heading-m">{step_title}</h2>' not in theirs
    else:
        assert "/eligibility/" not in page and "/complete/" not in page
    open_now = state not in (S.COMPLETED, S.WITHDRAWN)
    assert ("Declined or withdrawn" in theirs) is open_now
    if state in (S.INSTALLED, S.COMPLETED):
        assert 'id="one-visit">Yes' in page
