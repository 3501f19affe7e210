"""Safe-contact details and the address are shown only to the organisation supporting the person,
and to triage while the referral is with triage; never in MARAC outputs or partner status."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from accounts.models import Role
from referrals.policies import may_see_restricted
from referrals.restricted import RESTRICTED_REFERRAL_FIELDS
from referrals.states import State

pytestmark = pytest.mark.django_db

CENTRA, OASIS = 1, 2


def person(role: str, organisation_id: int | None = None, active: bool = True) -> SimpleNamespace:
    return SimpleNamespace(role=role, organisation_id=organisation_id, is_authenticated=True, is_active=active)


def case(state: str, provider_id: int | None = CENTRA) -> SimpleNamespace:
    return SimpleNamespace(state=state, provider_id=provider_id)


@pytest.mark.parametrize(
    ("user", "referral", "allowed"),
    [
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.IN_SUPPORT), True),
        (person(Role.PROVIDER_MANAGER, CENTRA), case(State.ACCEPTED), True),
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.ROUTED), False),  # not yet supporting
        (person(Role.PROVIDER_WORKER, CENTRA), case(State.CLOSED), False),
        (person(Role.PROVIDER_WORKER, OASIS), case(State.IN_SUPPORT), False),  # another provider
        (person(Role.PROVIDER_WORKER, CENTRA, active=False), case(State.IN_SUPPORT), False),
        (person(Role.TRIAGE_WORKER, 9), case(State.RECEIVED, None), True),  # with triage
        (person(Role.TRIAGE_WORKER, 9), case(State.DECLINED), True),
        (person(Role.TRIAGE_WORKER, 9), case(State.IN_SUPPORT), False),  # gone to a provider
        (person(Role.MARAC_COORDINATOR, 7), case(State.IN_SUPPORT), False),
        (person(Role.PARTNER_USER, 8), case(State.IN_SUPPORT), False),
        (person(Role.COMMISSIONER, 6), case(State.IN_SUPPORT), False),
        (person(Role.ADMINISTRATOR), case(State.IN_SUPPORT), False),  # only through subject access
        (None, case(State.IN_SUPPORT), False),
    ],
)
def test_who_may_see_restricted_fields(user, referral, allowed) -> None:
    assert may_see_restricted(user, referral) is allowed


def test_the_supporting_worker_sees_them_on_page_and_api(client, api, open_case, centra_worker) -> None:
    pk = open_case(centra_worker, code_word="kingfisher", safe_email="safe@example.org")
    client.force_login(centra_worker)
    assert "kingfisher" in client.get(f"/referrals/{pk}/").content.decode()
    body = api(centra_worker).get(f"/api/v1/referrals/{pk}/").json()
    assert (body["code_word"], body["safe_email"], body["restricted_hidden"]) == (
        "kingfisher",
        "safe@example.org",
        False,
    )


def test_an_outsider_never_sees_them_on_page_or_api(client, api, open_case, centra_worker, triage) -> None:
    pk = open_case(centra_worker, code_word="kingfisher", address_line_1="12 Hidden Lane", safe_times="After 3pm")
    # Triage can still open the case (single point of access) but it is no longer with triage.
    client.force_login(triage)
    html = client.get(f"/referrals/{pk}/").content.decode()
    for value in ("kingfisher", "12 Hidden Lane", "After 3pm", "07700 900456"):
        assert value not in html
    assert 'id="restricted-notice"' in html
    body = api(triage).get(f"/api/v1/referrals/{pk}/").json()
    assert body["restricted_hidden"] is True
    assert all(body[name] == "" for name in RESTRICTED_REFERRAL_FIELDS)


def test_the_marac_csv_and_case_carry_none(client, api, listed, swale_coordinator) -> None:
    referral = listed.case.referral
    # make_case stores the referral straight into the database
    referral.code_word, referral.safe_phone, referral.address_line_1 = "kingfisher", "07700 900999", "12 Hidden Lane"
    referral.save(update_fields=["code_word", "safe_phone", "address_line_1"])
    client.force_login(swale_coordinator)
    for url in (
        f"/marac/meetings/{listed.meeting_id}/agenda.csv",
        f"/marac/meetings/{listed.meeting_id}/print/",
        f"/marac/cases/{listed.case_id}/",
        f"/referrals/{referral.pk}/",
    ):
        text = client.get(url).content.decode()
        assert "kingfisher" not in text and "12 Hidden Lane" not in text and "07700 900999" not in text, url
    rows = list(csv.reader(io.StringIO(client.get(f"/marac/meetings/{listed.meeting_id}/agenda.csv").content.decode())))
    assert not set(rows[0]) & {"Safe phone", "Code word", "Address"}
    body = api(swale_coordinator).get(f"/api/v1/referrals/{referral.pk}/").json()
    assert body["code_word"] == "" and body["restricted_hidden"] is True


def test_the_contact_form_shows_them_only_to_the_supporting_worker(client, open_case, centra_worker) -> None:
    pk = open_case(centra_worker, code_word="kingfisher")
    client.force_login(centra_worker)
    assert "kingfisher" in client.get(f"/cases/{pk}/contact-attempts/new/").content.decode()
