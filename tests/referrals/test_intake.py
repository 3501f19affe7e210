"""Recording a referral: what is refused, what is kept, and repeats spotted on intake."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from referrals.models import Referral, StateChange
from tests.factories import referral_payload

pytestmark = pytest.mark.django_db


def test_it_records_a_referral_with_its_children_and_history(triage, api) -> None:
    body = referral_payload(children=[{"first_name": "Sam", "date_of_birth": "2019-05-01"}])
    response = api(triage).post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "received"
    assert data["reference"].startswith("R")
    assert data["postcode"] == "ME10 3AB"
    assert data["safe_phone"] == "+447700900456"
    assert data["children"] == [{"first_name": "Sam", "date_of_birth": "2019-05-01"}]
    assert [h["to_state"] for h in data["history"]] == ["received"]
    assert data["history"][0]["by"] == str(triage)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"district": "atlantis"}, "district"),
        ({"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date_of_birth"),
        ({"date_of_birth": "31/02/1990"}, "date_of_birth"),
        ({"consent_given": None}, "consent_given"),
        ({"consent_given": False, "consent_refusal_reason": ""}, "consent_refusal_reason"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"safe_phone": "12"}, "safe_phone"),
        ({"voicemail_allowed": True, "safe_phone": ""}, "safe_phone"),
        ({"source": "carrier pigeon"}, "source"),
        ({"children": [{"first_name": "Kit", "date_of_birth": "2999-01-01"}]}, "children"),
    ],
)
def test_it_refuses_bad_input_with_field_errors_and_saves_nothing(
    triage, api, overrides: dict[str, Any], field: str
) -> None:
    response = api(triage).post("/api/v1/referrals/", referral_payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Referral.objects.count() == 0
    assert StateChange.objects.count() == 0


def test_it_refuses_a_missing_consent(triage, api) -> None:
    body = referral_payload()
    del body["consent_given"]
    response = api(triage).post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    assert "consent_given" in response.json()


def test_it_flags_a_repeat_within_twelve_months(triage, api) -> None:
    first = (
        api(triage)
        .post(
            "/api/v1/referrals/",
            referral_payload(
                first_name="Jo",
                last_name="Bloggs",
                date_of_birth="1990-01-01",
                received_at=(timezone.now() - timedelta(days=300)).isoformat(),
            ),
            format="json",
        )
        .json()
    )
    second = (
        api(triage)
        .post(
            "/api/v1/referrals/",
            referral_payload(first_name="jo", last_name="BLOGGS", date_of_birth="1990-01-01", postcode="me103ab"),
            format="json",
        )
        .json()
    )
    assert second["is_repeat"] is True
    assert second["repeat_of"] == first["id"]


def test_it_matches_on_phone_when_the_postcode_changed(triage, api) -> None:
    api(triage).post(
        "/api/v1/referrals/",
        referral_payload(
            first_name="Jo",
            last_name="Bloggs",
            date_of_birth="1990-01-01",
            postcode="CT9 1AA",
            phone="07700 900999",
            received_at=(timezone.now() - timedelta(days=30)).isoformat(),
        ),
        format="json",
    )
    second = (
        api(triage)
        .post(
            "/api/v1/referrals/",
            referral_payload(
                first_name="Jo",
                last_name="Bloggs",
                date_of_birth="1990-01-01",
                postcode="ME10 3AB",
                phone="+447700900999",
            ),
            format="json",
        )
        .json()
    )
    assert second["is_repeat"] is True


@pytest.mark.parametrize(("days_inside", "repeat"), [(1, True), (-1, False)])
def test_the_repeat_window_is_twelve_months(triage, api, days_inside: int, repeat: bool) -> None:
    person = {"first_name": "Jo", "last_name": "Bloggs", "date_of_birth": "1990-01-01"}
    received = timezone.now()
    earlier = received - relativedelta(months=12) + timedelta(days=days_inside)
    api(triage).post("/api/v1/referrals/", referral_payload(**person, received_at=earlier.isoformat()), format="json")
    second = (
        api(triage)
        .post("/api/v1/referrals/", referral_payload(**person, received_at=received.isoformat()), format="json")
        .json()
    )
    assert second["is_repeat"] is repeat


def test_the_same_name_and_birthday_elsewhere_is_not_the_same_person(triage, api) -> None:
    person = {"first_name": "Jo", "last_name": "Bloggs", "date_of_birth": "1990-01-01"}
    api(triage).post(
        "/api/v1/referrals/", referral_payload(**person, postcode="CT9 1AA", phone="", safe_phone=""), format="json"
    )
    second = (
        api(triage)
        .post(
            "/api/v1/referrals/", referral_payload(**person, postcode="TN1 1AA", phone="", safe_phone=""), format="json"
        )
        .json()
    )
    assert second["is_repeat"] is False


@pytest.mark.parametrize("persona", ["centra_worker", "swale_coordinator", "police_user", "commissioner"])
def test_only_triage_records_referrals(request, api, persona: str) -> None:
    response = api(request.getfixturevalue(persona)).post("/api/v1/referrals/", referral_payload(), format="json")
    assert response.status_code == 403
    assert Referral.objects.count() == 0


def test_it_refuses_anonymous_callers(api, ref) -> None:
    assert api(None).post("/api/v1/referrals/", referral_payload(), format="json").status_code in (401, 403)
    assert api(None).get("/api/v1/referrals/").status_code in (401, 403)
