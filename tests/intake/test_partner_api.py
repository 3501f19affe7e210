from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from intake import services
from intake.models import PartnerApiKey, PartnerReference
from providers.models import Organisation
from referrals.models import Referral, StateChange
from referrals.states import State

URL = "/api/v1/partner-referrals/"
pytestmark = pytest.mark.django_db


def test_it_creates_a_received_referral_tagged_partner_api(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    response = with_key(police_key).post(URL, partner_payload("POL-1"), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["partner_reference"] == "POL-1"
    assert body["status"] == "received"
    referral = Referral.objects.get()
    assert body["reference"] == referral.reference
    assert (referral.state, referral.channel, referral.source) == (State.RECEIVED, "partner_api", "police")
    assert referral.referrer_organisation == "Kent Police"
    assert StateChange.objects.get(referral=referral).transition == "receive"


def test_it_answers_the_same_referral_when_the_reference_comes_again(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    first = with_key(police_key).post(URL, partner_payload("POL-7"), format="json")
    again = with_key(police_key).post(URL, partner_payload("POL-7", first_name="Changed"), format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Referral.objects.count() == 1


def test_it_keeps_references_apart_per_organisation(
    police_key: str,
    health: Organisation,
    with_key: Callable[..., Any],
    partner_payload: Callable[..., dict[str, Any]],
) -> None:
    _, health_key = services.partner_api_key_issue(organisation=health)
    with_key(police_key).post(URL, partner_payload("SAME-1"), format="json")
    response = with_key(health_key).post(URL, partner_payload("SAME-1", source="health"), format="json")

    assert response.status_code == 201
    assert PartnerReference.objects.count() == 2


def test_it_flags_a_repeat_like_any_other_door(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    body = partner_payload("POL-A")
    with_key(police_key).post(URL, body, format="json")
    with_key(police_key).post(URL, {**body, "partner_reference": "POL-B"}, format="json")

    assert Referral.objects.filter(is_repeat=True).count() == 1


def test_it_refuses_bad_input_with_field_errors(police_key: str, with_key: Callable[..., Any]) -> None:
    response = with_key(police_key).post(URL, {"partner_reference": "x" * 101}, format="json")

    assert response.status_code == 400
    assert {"partner_reference", "first_name", "consent_given"} <= set(response.json())
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    "header",
    [None, "Api-Key kidas_000000000000.wrong", "Api-Key nonsense", "Api-Key", "Bearer something"],
)
def test_it_answers_401_without_a_valid_key(
    header: str | None, police_key: str, api: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    client = api(None)
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    assert client.post(URL, partner_payload(), format="json").status_code == 401
    assert client.get(URL).status_code == 401
    assert Referral.objects.count() == 0


def test_it_answers_401_to_a_right_prefix_with_a_wrong_secret(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    tampered = police_key[:-4] + "abcd"
    assert with_key(tampered).post(URL, partner_payload(), format="json").status_code == 401


def test_it_answers_401_to_a_revoked_key(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    services.partner_api_key_revoke(key_id=PartnerApiKey.objects.get().pk)
    assert with_key(police_key).post(URL, partner_payload(), format="json").status_code == 401


def test_it_answers_401_to_signed_in_staff_without_a_key(
    triage: Any, api: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    client = api(None)
    client.force_login(triage)
    assert client.post(URL, partner_payload(), format="json").status_code == 401


def test_a_rotated_key_stops_working_and_its_replacement_works(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    old = PartnerApiKey.objects.get()
    new, new_key = services.partner_api_key_rotate(key_id=old.pk)

    assert with_key(police_key).post(URL, partner_payload("A"), format="json").status_code == 401
    assert with_key(new_key).post(URL, partner_payload("B"), format="json").status_code == 201
    old.refresh_from_db()
    assert old.replaced_by == new
    assert new_key not in (new.hashed_secret, new.prefix)


def test_it_lists_only_the_organisations_own_referrals(
    police_key: str,
    health: Organisation,
    with_key: Callable[..., Any],
    partner_payload: Callable[..., dict[str, Any]],
    create_referral: Callable[..., Any],
) -> None:
    _, health_key = services.partner_api_key_issue(organisation=health)
    with_key(police_key).post(URL, partner_payload("POL-1"), format="json")
    create_referral()

    police_list = with_key(police_key).get(URL).json()["results"]
    assert [r["partner_reference"] for r in police_list] == ["POL-1"]
    assert with_key(health_key).get(URL).json()["results"] == []


def test_the_command_issues_rotates_and_revokes_keys(
    police: Organisation, capsys: Any, with_key: Callable[..., Any]
) -> None:
    call_command("partner_api_key", "issue", "kent-police", "--name", "Athena")
    key = capsys.readouterr().out.strip()
    prefix = PartnerApiKey.objects.get().prefix
    assert with_key(key).get(URL).status_code == 200

    call_command("partner_api_key", "rotate", prefix)
    rotated = capsys.readouterr().out.strip()
    assert with_key(key).get(URL).status_code == 401
    assert with_key(rotated).get(URL).status_code == 200

    call_command("partner_api_key", "revoke", rotated.removeprefix("kidas_").split(".")[0])
    assert with_key(rotated).get(URL).status_code == 401
    assert not PartnerApiKey.objects.filter(revoked_at__isnull=True).exists()


def test_it_records_its_own_time_of_receipt(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    # A partner cannot set the time of receipt: the field is refused by name, not silently dropped.
    refused = with_key(police_key).post(
        URL, partner_payload("POL-T", received_at="2020-01-01T10:00:00Z"), format="json"
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["received_at"]
    assert with_key(police_key).post(URL, partner_payload("POL-T"), format="json").status_code == 201
    assert Referral.objects.get().received_at > timezone.now() - timedelta(minutes=5)


def test_safety_questions_left_out_are_recorded_as_not_asked(
    police_key: str, with_key: Callable[..., Any], partner_payload: Callable[..., dict[str, Any]]
) -> None:
    body = partner_payload("POL-SAFE")
    for name in ("voicemail_allowed", "perpetrator_has_phone_access", "perpetrator_lives_with_victim"):
        del body[name]

    assert with_key(police_key).post(URL, body, format="json").status_code == 201
    referral = Referral.objects.get()
    assert referral.voicemail_allowed is None
    assert referral.perpetrator_has_phone_access is None
    assert referral.perpetrator_lives_with_victim is None
