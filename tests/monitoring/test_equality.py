"""Equality monitoring: recorded by triage while it holds the referral and by the case's own provider, never
required, nothing pre-selected, "not asked" kept apart from "prefer not to say"; seen by nobody else at record
level (page and API)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine

from accounts.models import Role
from monitoring.models import EqualityMonitoring
from referrals.policies import may_record_equality, may_see_equality
from referrals.states import State
from reports.periods import LONDON

pytestmark = pytest.mark.django_db

CENTRA, OASIS = 1, 2


def person(role: str, organisation_id: int | None = None, active: bool = True) -> SimpleNamespace:
    return SimpleNamespace(role=role, organisation_id=organisation_id, is_authenticated=True, is_active=active)


def case(state: str, provider_id: int | None = CENTRA) -> SimpleNamespace:
    return SimpleNamespace(state=state, provider_id=provider_id)


@pytest.mark.parametrize(
    ("user", "referral", "sees", "records"),
    [
        (person(Role.TRIAGE_WORKER, 9), case(State.RECEIVED, None), True, True),  # recording with her
        (person(Role.TRIAGE_WORKER, 9), case(State.ASSESSED, None), True, True),
        (person(Role.TRIAGE_WORKER, 9), case(State.DECLINED, None), True, True),  # sent back to triage
        (person(Role.TRIAGE_WORKER, 9), case(State.ROUTED), False, False),  # gone to a provider
        (person(Role.TRIAGE_WORKER, 9), case(State.IN_SUPPORT), False, False),
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.ROUTED), True, False),  # deciding: sees, may not record
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.ACCEPTED), True, True),
        (person(Role.PROVIDER_MANAGER, CENTRA), case(State.IN_SUPPORT), True, True),
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.CLOSED), True, True),  # often completed at closure
        (person(Role.PROVIDER_WORKER, OASIS), case(State.IN_SUPPORT), False, False),  # another provider
        (person(Role.PROVIDER_WORKER, CENTRA, active=False), case(State.IN_SUPPORT), False, False),
        (person(Role.MARAC_COORDINATOR, 7), case(State.IN_SUPPORT), False, False),
        (person(Role.PARTNER_USER, 8), case(State.IN_SUPPORT), False, False),
        (person(Role.COMMISSIONER, 6), case(State.IN_SUPPORT), False, False),  # figures only
        (person(Role.ADMINISTRATOR), case(State.IN_SUPPORT), False, False),
        (None, case(State.IN_SUPPORT), False, False),
    ],
)
def test_who_may_see_and_record_equality_monitoring(user: Any, referral: Any, sees: bool, records: bool) -> None:
    assert may_see_equality(user, referral) is sees
    assert may_record_equality(user, referral) is records


def url(referral_id: int) -> str:
    return f"/api/v1/referrals/{referral_id}/equality/"


def page(referral_id: int) -> str:
    return f"/monitoring/cases/{referral_id}/equality/"


def test_triage_records_some_answers_and_the_rest_stay_not_asked(api: Any, triage: Any, create_referral: Any) -> None:
    referral = create_referral(date_of_birth="2009-01-15")
    before = api(triage).get(url(referral["id"]))
    assert before.status_code == 200
    assert before.json()["recorded"] is False and before.json()["sex"] == ""
    saved = api(triage).put(
        url(referral["id"]), {"ethnicity": "black_african", "sexual_orientation": "prefer_not_to_say"}, format="json"
    )
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert body["recorded"] is True
    assert (body["ethnicity"], body["sexual_orientation"], body["sex"], body["disability"]) == (
        "black_african",
        "prefer_not_to_say",  # an answer...
        "",  # ...not the same as not asked
        "",
    )
    record = EqualityMonitoring.objects.get(referral_id=referral["id"])
    assert record.recorded_by == triage and record.updated_by == triage


def test_an_empty_answer_set_is_accepted_and_records_nothing_asked(api: Any, triage: Any, create_referral: Any) -> None:
    referral = create_referral()
    saved = api(triage).put(url(referral["id"]), {}, format="json")
    assert saved.status_code == 200, saved.json()
    record = EqualityMonitoring.objects.get(referral_id=referral["id"])
    assert all(getattr(record, field) == "" for field in ("ethnicity", "sex", "pregnancy", "mental_health"))


def test_an_answer_that_is_not_a_choice_or_a_question_we_do_not_ask_is_a_400(
    api: Any, triage: Any, create_referral: Any
) -> None:
    referral = create_referral()
    wrong = api(triage).put(url(referral["id"]), {"sex": "unknown"}, format="json")
    assert wrong.status_code == 400 and "sex" in wrong.json()
    unknown = api(triage).put(url(referral["id"]), {"religion": "none"}, format="json")
    assert unknown.status_code == 400 and "religion" in unknown.json()
    assert not EqualityMonitoring.objects.filter(referral_id=referral["id"]).exists()


def test_the_form_has_nothing_chosen_and_nothing_required(client: Any, triage: Any, create_referral: Any) -> None:
    referral = create_referral()
    client.force_login(triage)
    shown = client.get(page(referral["id"]))
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "checked" not in html  # no radio pre-selected
    assert "Prefer not to say" in html and "Not asked" in html
    assert "required" not in html.replace("(optional)", "")
    assert "Black, Black British, Black Welsh, Caribbean or African" in html  # the census headings
    saved = client.post(page(referral["id"]), {})
    assert saved.status_code == 302
    assert EqualityMonitoring.objects.get(referral_id=referral["id"]).ethnicity == ""


def test_the_page_records_answers_and_not_asked_takes_one_back(client: Any, triage: Any, create_referral: Any) -> None:
    referral = create_referral()
    client.force_login(triage)
    assert (
        client.post(
            page(referral["id"]), {"sex": "female", "disability": "yes", "ethnicity": "white_irish"}
        ).status_code
        == 302
    )
    record = EqualityMonitoring.objects.get(referral_id=referral["id"])
    assert (record.sex, record.disability, record.ethnicity) == ("female", "yes", "white_irish")
    again = client.get(page(referral["id"])).content.decode()
    assert again.count('checked="checked"') == 2  # her answers, as recorded
    assert client.post(page(referral["id"]), {"sex": "not_asked", "disability": "yes"}).status_code == 302
    record.refresh_from_db()
    assert (record.sex, record.disability, record.ethnicity) == ("", "yes", "")


def test_the_case_s_own_provider_records_it_and_triage_no_longer_sees_it(
    api: Any, client: Any, triage: Any, centra_worker: Any, open_case: Any
) -> None:
    case_id = open_case(centra_worker)
    saved = api(centra_worker).put(
        url(case_id), {"pregnancy": "yes", "no_recourse_to_public_funds": "not_sure"}, format="json"
    )
    assert saved.status_code == 200, saved.json()
    assert api(centra_worker).get(url(case_id)).json()["pregnancy"] == "yes"
    refused = api(triage).get(url(case_id))
    assert refused.status_code == 403 and "own provider" in refused.json()["detail"]
    client.force_login(centra_worker)
    detail = client.get(f"/referrals/{case_id}/").content.decode()
    assert page(case_id) in detail


@pytest.mark.parametrize("who", ["oasis_worker", "police_user", "commissioner"])
def test_outside_the_referral_s_scope_it_is_not_there(
    api: Any, client: Any, centra_worker: Any, open_case: Any, who: str, request: pytest.FixtureRequest
) -> None:
    case_id = open_case(centra_worker)
    api(centra_worker).put(url(case_id), {"ethnicity": "asian_chinese"}, format="json")
    user = request.getfixturevalue(who)
    assert api(user).get(url(case_id)).status_code == 404
    assert api(user).put(url(case_id), {"ethnicity": "white_british"}, format="json").status_code == 404
    client.force_login(user)
    assert client.get(page(case_id)).status_code == 404
    assert EqualityMonitoring.objects.get(referral_id=case_id).ethnicity == "asian_chinese"


@pytest.mark.parametrize("who", ["swale_coordinator", "administrator"])
def test_those_who_see_the_referral_but_not_its_equality_monitoring_are_refused(
    api: Any, client: Any, centra_worker: Any, routed_case: Any, who: str, request: pytest.FixtureRequest
) -> None:
    case_id = routed_case("swale", 15)  # high risk: listed at the Swale MARAC
    api(centra_worker).post(f"/api/v1/referrals/{case_id}/accept/", {}, format="json")
    api(centra_worker).put(url(case_id), {"ethnicity": "asian_chinese", "sex": "female"}, format="json")
    user = request.getfixturevalue(who)
    assert api(user).get(f"/api/v1/referrals/{case_id}/").status_code == 200  # the referral itself: yes
    refused = api(user).get(url(case_id))
    assert refused.status_code == 403
    assert "asian_chinese" not in refused.content.decode()
    assert api(user).put(url(case_id), {"sex": "male"}, format="json").status_code == 403
    client.force_login(user)
    shown = client.get(page(case_id))
    assert shown.status_code == 403 and "Chinese" not in shown.content.decode()
    detail = client.get(f"/referrals/{case_id}/").content.decode()
    assert page(case_id) not in detail and "Chinese" not in detail
    assert EqualityMonitoring.objects.get(referral_id=case_id).sex == "female"


def test_the_routed_provider_sees_it_but_records_only_once_it_has_accepted(
    api: Any, triage: Any, centra_worker: Any, create_referral: Any, assess: Any
) -> None:
    referral = create_referral()
    api(triage).put(url(referral["id"]), {"sex": "female"}, format="json")
    assess(referral["id"], 11)  # medium: routed to Centra
    assert api(centra_worker).get(url(referral["id"])).json()["sex"] == "female"
    assert api(centra_worker).put(url(referral["id"]), {"sex": "male"}, format="json").status_code == 403
    api(centra_worker).post(f"/api/v1/referrals/{referral['id']}/accept/", {}, format="json")
    assert api(centra_worker).put(url(referral["id"]), {"sex": "male"}, format="json").status_code == 200


@time_machine.travel(datetime(2026, 7, 1, 9, 0, tzinfo=LONDON), tick=False)
def test_the_age_band_comes_from_the_date_of_birth_on_the_day_received(
    api: Any, triage: Any, create_referral: Any
) -> None:
    # 17 on the day received (1 June 2026, London), though 18 by the time anyone reads it.
    referral = create_referral(date_of_birth="2008-06-02", received_at="2026-06-01T23:30:00+01:00")
    assert api(triage).get(url(referral["id"])).json()["age_band"] == "16–17"
