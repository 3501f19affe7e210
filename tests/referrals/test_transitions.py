"""The referral's life: allowed moves, refused moves (409), who may make them (403), and the record kept."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from casework.models import OUTCOME_MEASURES
from referrals.models import Referral, StateChange
from referrals.states import MOVES, allowed_state_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed_to_centra(create_referral, assess):
    referral = create_referral(district="swale")
    assess(referral["id"], 11)
    return referral["id"]


def post(api, user, referral_id, action, body=None):
    return api(user).post(f"/api/v1/referrals/{referral_id}/{action}/", body or {}, format="json")


def test_a_provider_accepts_supports_and_closes(api, centra_worker, routed_to_centra: int) -> None:
    accepted = post(api, centra_worker, routed_to_centra, "accept").json()
    assert accepted["state"] == "accepted"
    assert accepted["history"][-1]["reason"] == f"Allocated to {centra_worker}"
    assert post(api, centra_worker, routed_to_centra, "start-support").json()["state"] == "in_support"
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes")
    closure = post(
        api, centra_worker, routed_to_centra, "closure", {"reason": "support_completed", "outcomes": outcomes}
    )
    assert closure.status_code == 201, closure.json()
    history = api(centra_worker).get(f"/api/v1/referrals/{routed_to_centra}/").json()["history"]
    assert [h["to_state"] for h in history] == ["received", "assessed", "routed", "accepted", "in_support", "closed"]
    assert history[-1]["by"] == str(centra_worker)
    assert history[-1]["reason"] == "Support completed"


def test_a_decline_returns_to_triage_with_the_reason(api, centra_worker, triage, routed_to_centra: int) -> None:
    post(api, centra_worker, routed_to_centra, "decline", {"reason": "Client already supported by us elsewhere"})
    queue = api(triage).get("/api/v1/referrals/?state=declined").json()["results"]
    assert [r["id"] for r in queue] == [routed_to_centra]
    detail = api(triage).get(f"/api/v1/referrals/{routed_to_centra}/").json()
    assert detail["last_decline_reason"] == "Centra Care and Support: Client already supported by us elsewhere"
    assert detail["provider"] is None
    # and triage can route it again
    rerouted = post(api, triage, routed_to_centra, "route").json()
    assert (rerouted["state"], rerouted["provider"]) == ("routed", "centra")


@pytest.mark.parametrize(("action", "body"), [("decline", {}), ("withdraw", {})])
def test_a_reason_is_required(api, centra_worker, triage, routed_to_centra: int, action: str, body: dict) -> None:
    user = triage if action == "withdraw" else centra_worker
    response = post(api, user, routed_to_centra, action, body)
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_illegal_move_answers_409_in_plain_words(api, centra_worker, routed_to_centra: int) -> None:
    response = post(api, centra_worker, routed_to_centra, "start-support")
    assert response.status_code == 409
    assert "is routed: it cannot be moved by “Start support” now" in response.json()["detail"]
    assert StateChange.objects.filter(referral_id=routed_to_centra, transition="start_support").count() == 0


def test_accepting_twice_is_a_conflict(api, centra_worker, routed_to_centra: int) -> None:
    assert post(api, centra_worker, routed_to_centra, "accept").status_code == 200
    assert post(api, centra_worker, routed_to_centra, "accept").status_code == 409


@pytest.mark.parametrize(("persona", "action"), [("triage", "accept"), ("centra_worker", "withdraw")])
def test_a_role_that_may_not_act_gets_403(request, api, routed_to_centra: int, persona: str, action: str) -> None:
    response = post(api, request.getfixturevalue(persona), routed_to_centra, action, {"reason": "x"})
    assert response.status_code == 403
    assert "detail" in response.json()


def test_a_duplicate_is_merged_into_the_earlier_referral(api, triage, create_referral) -> None:
    earlier = create_referral()
    later = create_referral()
    response = post(api, triage, later["id"], "mark-duplicate", {"duplicate_of": earlier["id"]})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["duplicate_of"]) == ("duplicate", earlier["id"])
    itself = post(api, triage, earlier["id"], "mark-duplicate", {"duplicate_of": earlier["id"]})
    assert itself.status_code == 400


def test_the_state_cannot_be_set_directly(create_referral) -> None:
    referral = Referral.objects.get(pk=create_referral()["id"])
    with pytest.raises(AttributeError):
        referral.state = "closed"


def test_the_database_refuses_an_illegal_state_change_made_outside_the_app(create_referral) -> None:
    referral_id = create_referral()["id"]
    with pytest.raises(DatabaseError, match="Invalid transition"), transaction.atomic():
        Referral.objects.filter(pk=referral_id).update(state="closed")
    Referral.objects.filter(pk=referral_id).update(state="assessed")  # a legal one goes through
    assert Referral.objects.get(pk=referral_id).state == "assessed"


def test_the_database_trigger_and_the_state_machine_agree() -> None:
    transitions = list(Referral().get_all_state_transitions())
    fsm_pairs = {(t.source, t.target) for t in transitions if t.source != t.target}
    assert fsm_pairs == set(allowed_state_changes())
    assert {t.name for t in transitions} == set(MOVES)


def test_only_one_listing_at_a_time_per_referral(create_referral, assess) -> None:
    from marac.models import Marac, MaracReferral

    referral = create_referral()
    assess(referral["id"], 15)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaracReferral.objects.create(
            referral_id=referral["id"], marac=Marac.objects.get(slug="swale-marac"), reason="repeat", yes_count=15
        )
