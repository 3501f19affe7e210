"""Bad input answers 4xx with a clear message and saves nothing: oversized bodies, wrong content
types, fields an endpoint does not take, and dates that are not dates."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from rest_framework import serializers

from kidas.api import StrictInputSerializer
from referrals.models import Referral
from tests.factories import referral_payload
from tests.referrals.test_pages import referral_form

pytestmark = pytest.mark.django_db


def test_it_refuses_an_oversized_api_body_with_413_and_says_why(client, triage, settings) -> None:
    client.force_login(triage)
    payload = referral_payload(circumstances="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post("/api/v1/referrals/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not Referral.objects.exists()


def test_it_refuses_an_oversized_form_with_413(client, triage, settings) -> None:
    client.force_login(triage)
    response = client.post("/referrals/new/", referral_form(circumstances="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_body_of_ordinary_size_is_taken(api, triage) -> None:
    response = api(triage).post("/api/v1/referrals/", referral_payload(circumstances="x" * 20_000), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", "first_name=Amara"),
        ("application/x-www-form-urlencoded", "first_name=Amara"),
        ("application/xml", "<a/>"),
    ],
)
def test_it_answers_415_to_a_body_that_is_not_json(client, triage, content_type: str, body: str) -> None:
    client.force_login(triage)
    response = client.post("/api/v1/referrals/", body, content_type=content_type)
    assert response.status_code == 415
    assert content_type in response.json()["detail"]


def test_it_answers_400_to_json_that_does_not_parse(api, triage) -> None:
    response = api(triage).post("/api/v1/referrals/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_it_names_a_field_the_endpoint_does_not_take(api, triage) -> None:
    payload = referral_payload()
    payload["safe_phon"] = payload.pop("safe_phone")  # a typo must not silently lose the safe number
    response = api(triage).post("/api/v1/referrals/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"safe_phon": ["This field is not accepted here."]}
    assert not Referral.objects.exists()


def test_it_names_an_unknown_field_in_a_nested_child(api, triage) -> None:
    payload = referral_payload(children=[{"first_name": "Ola", "date_of_birth": "2018-02-01", "age": 7}])
    response = api(triage).post("/api/v1/referrals/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"children": {"0": {"age": ["This field is not accepted here."]}}}


def test_it_names_an_unknown_field_on_an_action(api, centra_worker, routed_case) -> None:
    referral_id = routed_case()
    response = api(centra_worker).post(f"/api/v1/referrals/{referral_id}/accept/", {"resaon": "x"}, format="json")
    assert response.status_code == 400
    assert "resaon" in response.json()
    assert Referral.objects.get(pk=referral_id).state == "routed"


def _project_serializers() -> list[type]:
    found: list[type] = []
    for app in ("accounts", "casework", "intake", "marac", "providers", "referrals", "sla"):
        for module_name in ("serializers", "apis"):
            try:
                importlib.import_module(f"{apps.get_app_config(app).name}.{module_name}")
            except ModuleNotFoundError:
                continue
    pending: list[type] = [serializers.Serializer]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.split(".")[0] in ("accounts", "casework", "intake", "marac", "referrals", "sla"):
            found.append(cls)
    return found


def test_every_input_serializer_rejects_unknown_fields() -> None:
    inputs = [cls for cls in _project_serializers() if cls.__name__.endswith("InputSerializer")]
    assert len(inputs) > 15
    lenient = [cls.__qualname__ for cls in inputs if not issubclass(cls, StrictInputSerializer)]
    assert not lenient, f"input serializers that drop unknown fields: {lenient}"


@pytest.mark.parametrize("value", ["1985-13-45", "14/06/1988", "yesterday", ""])
def test_a_malformed_date_in_the_api_is_a_field_error(api, triage, value: str) -> None:
    response = api(triage).post("/api/v1/referrals/", referral_payload(date_of_birth=value), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["date_of_birth"]


def test_a_malformed_date_in_a_query_is_a_field_error(api, centra_worker) -> None:
    response = api(centra_worker).get("/api/v1/refuges/?on=31-02-2026")
    assert response.status_code == 400
    assert "on" in response.json()


def test_a_malformed_date_in_a_form_answers_400_with_the_error_summary(client, triage) -> None:
    client.force_login(triage)
    response = client.post("/referrals/new/", referral_form(date_of_birth_0="31", date_of_birth_1="2"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_date_of_birth' in page
    assert not Referral.objects.exists()


def test_a_date_filter_with_an_offset_postgresql_cannot_store_still_answers(api, triage) -> None:
    response = api(triage).get("/api/v1/referrals/", {"received_after": "2026-03-05T18:28:04+20:14"})
    assert response.status_code == 200


def test_an_empty_filter_is_a_field_error(api, triage) -> None:
    response = api(triage).get("/api/v1/referrals/?channel=&page_size=20")
    assert response.status_code == 400
    assert list(response.json()) == ["channel"]
