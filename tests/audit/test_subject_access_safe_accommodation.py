"""Subject access and safe accommodation: a survivor's export holds her household's sanctuary scheme record
and her children's work with the children's service (sessions, goals and scores), without the perpetrator's
details; a child's export holds their own work with the children's service and not a sibling's."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from access_trail.access import AccessEvent, Action
from accounts.models import Role, User
from providers.models import Organisation
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


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 9, 10, 10, 0)), tick=True) as traveller:
        yield traveller


@pytest.fixture
def household(api: Any, routed_case: Any, triage: User, lookahead_worker: User, ref: None) -> dict[str, Any]:
    """Morwenna's Swale case: her ex-partner Brannoc named, two children each working with Project Salus
    (their own goal and session), and her home referred to Look Ahead's sanctuary scheme, found eligible."""
    salus = user_in("project-salus", Role.PROVIDER_WORKER, username="sid.salus")
    referral_id = routed_case(
        "swale",
        11,
        first_name="Morwenna",
        last_name="Trelawny",
        perpetrator_name="Brannoc Penhallow",
        code_word="heron",
    )
    survivor = person("Morwenna", "Trelawny", date(1984, 2, 3))
    perpetrator = person("Brannoc", "Penhallow", date(1980, 7, 1))
    elowen, kerensa = person("Elowen", "Trelawny", date(2018, 3, 9)), person("Kerensa", "Trelawny", date(2014, 6, 1))
    link(referral_id, survivor=survivor, perpetrators=[perpetrator], children=[elowen, kerensa])

    cases = {}
    for child, goal, notes in (
        (elowen, "Sleep through the night", "Drew her bedroom; talked about bad dreams."),
        (kerensa, "Walk to school with friends", "Talked about the new school."),
    ):
        made = api(triage).post(
            f"/api/v1/referrals/{referral_id}/childrens-service/",
            {
                "child": child.pk,
                "source": "safe_accommodation",
                "accommodation_kind": "sanctuary",
                "reason": "Worried.",
            },
            format="json",
        )
        assert made.status_code == 201, made.json()
        case_id = made.json()["id"]
        base = f"/api/v1/childrens-service-cases/{case_id}"
        for path, body in (
            ("start", {"started_on": "2026-09-10"}),
            ("goals", {"title": goal, **GOAL}),
            ("sessions", {"kind": "play_therapy", "held_on": "2026-09-10", "notes": notes}),
        ):
            answer = api(salus).post(f"{base}/{path}/", body, format="json")
            assert answer.status_code in (200, 201), answer.json()
        cases[child.pk] = case_id

    sanctuary = api(triage).post(
        f"/api/v1/referrals/{referral_id}/sanctuary-referrals/",
        {"provider": Organisation.objects.get(slug="look-ahead").pk, "note": "Wants to stay in her home."},
        format="json",
    )
    assert sanctuary.status_code == 201, sanctuary.json()
    eligible = api(lookahead_worker).post(
        f"/api/v1/sanctuary-referrals/{sanctuary.json()['id']}/eligibility/",
        {"perpetrator_lives_there": "no", "tenure": "social_tenant", "consent": "yes"},
        format="json",
    )
    assert eligible.status_code == 200, eligible.json()
    return {
        "referral": referral_id,
        "survivor": survivor,
        "elowen": elowen,
        "kerensa": kerensa,
        "cases": cases,
        "sanctuary": sanctuary.json()["id"],
    }


def export(client: Client, administrator: User, url: str) -> tuple[str, dict[str, Any]]:
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    return response.content.decode(), json.loads(response.content)


def test_a_survivors_export_holds_her_sanctuary_scheme_and_her_childrens_work(
    client: Client, administrator: User, household: dict[str, Any]
) -> None:
    for url in (
        f"/audit/cases/{household['referral']}/subject-access.json",
        f"/audit/people/{household['survivor'].pk}/subject-access.json",
    ):
        text, document = export(client, administrator, url)
        (held,) = [r for r in document["referrals"] if r["referral"]["id"] == household["referral"]]
        (sanctuary,) = held["sanctuary_referrals"]
        record = sanctuary["sanctuary_referral"]
        assert (record["id"], record["tenure"], record["consent"], record["state"]) == (
            household["sanctuary"],
            "social_tenant",
            "yes",
            "eligible",
        )
        assert record["note"] == "Wants to stay in her home."
        assert [step["to_state"] for step in sanctuary["steps"]] == ["referred", "eligible"]
        # The answer about where the perpetrator lives is his detail, left out like the rest of his.
        assert "perpetrator_lives_there" not in record
        by_child = {case["case"]["child_id"]: case for case in held["childrens_service"]}
        assert set(by_child) == {household["elowen"].pk, household["kerensa"].pk}
        elowen = by_child[household["elowen"].pk]
        assert [s["notes"] for s in elowen["sessions"]] == ["Drew her bedroom; talked about bad dreams."]
        assert [g["goal"]["title"] for g in elowen["goals"]] == ["Sleep through the night"]
        assert [step["to_state"] for step in elowen["steps"]] == ["referred", "started"]
        assert "Brannoc" not in text and "Penhallow" not in text


def test_a_childs_export_holds_their_own_work_with_the_childrens_service_and_not_a_siblings(
    client: Client, administrator: User, household: dict[str, Any]
) -> None:
    text, document = export(client, administrator, f"/audit/people/{household['elowen'].pk}/subject-access.json")
    (case,) = document["childrens_service"]
    assert case["case"]["id"] == household["cases"][household["elowen"].pk]
    assert [s["notes"] for s in case["sessions"]] == ["Drew her bedroom; talked about bad dreams."]
    assert [g["goal"]["title"] for g in case["goals"]] == ["Sleep through the night"]
    assert case["goals"][0]["goal"]["level_0"] == "Sleeps well most nights"
    assert "Walk to school" not in text and "new school" not in text  # her sister's work stays hers
    assert "Brannoc" not in text and "heron" not in text and "Wants to stay in her home" not in text
    event = AccessEvent.objects.order_by("-id").first()
    assert event is not None and (event.action, event.referral_ids) == (Action.SUBJECT_ACCESS, [household["referral"]])
