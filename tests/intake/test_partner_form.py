from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from providers.models import District
from referrals.models import Referral
from referrals.states import State
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Bea",
    "last_name": "Example",
    "date_of_birth_0": "2",
    "date_of_birth_1": "3",
    "date_of_birth_2": "1990",
    "gender": "woman",
    "postcode": "ME10 3AB",
    "district": "",
    "district_worked_out": "on",
    "language": "English",
    "interpreter_needed": "no",
    "safe_phone": "07700 900222",
    "voicemail_allowed": "no",
    "perpetrator_has_phone_access": "no",
    "safe_times": "Mornings",
    "perpetrator_relationship": "partner",
    "perpetrator_lives_with_victim": "yes",
    "source": "police",
    "referrer_contact": "01622 000000",
    "consent_given": "yes",
    "children-TOTAL_FORMS": "3",
    "children-INITIAL_FORMS": "0",
    "children-MIN_NUM_FORMS": "0",
    "children-MAX_NUM_FORMS": "12",
}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_partner_staff_send_a_referral_with_their_details_recorded(police_user: User) -> None:
    response = signed_in(police_user).post("/partner/referrals/new/", FORM)

    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get()
    assert (referral.state, referral.channel, referral.source) == (State.RECEIVED, "partner_form", "police")
    assert referral.created_by == police_user
    assert referral.referrer_organisation == "Kent Police"
    assert referral.referrer_name == police_user.get_full_name()
    assert referral.consent_given is True


def test_the_form_refuses_bad_input_with_400(police_user: User) -> None:
    response = signed_in(police_user).post("/partner/referrals/new/", {**FORM, "consent_given": "no"})

    assert response.status_code == 400
    assert "Give the reason consent was not given" in response.content.decode()
    assert Referral.objects.count() == 0


@pytest.mark.parametrize("persona", ["triage", "centra_worker", "commissioner"])
def test_only_partner_staff_use_the_partner_pages(persona: str, request: pytest.FixtureRequest) -> None:
    client = signed_in(request.getfixturevalue(persona))
    assert client.get("/partner/referrals/new/").status_code == 404
    assert client.get("/partner/referrals/").status_code == 404


def test_the_partner_pages_need_sign_in(ref: None, client: Client) -> None:
    assert client.get("/partner/referrals/")["Location"].startswith("/accounts/login/")


def test_partners_see_the_coarse_status_of_their_organisations_referrals_only(
    police_user: User, health_user: User, create_referral: Callable[..., Any], assess: Callable[..., Any]
) -> None:
    swale = District.objects.get(slug="swale").pk
    signed_in(police_user).post("/partner/referrals/new/", {**FORM, "district": swale})
    mine = Referral.objects.get()
    assess(mine.pk, 12)
    colleague = User.objects.create(username="pc.colleague", role="partner_user", organisation=police_user.organisation)
    signed_in(colleague).post("/partner/referrals/new/", {**FORM, "first_name": "Cleo"})
    other = create_referral()

    police_page = signed_in(police_user).get("/partner/referrals/").content.decode()
    health_page = signed_in(health_user).get("/partner/referrals/").content.decode()

    assert mine.reference in police_page
    assert "Passed to a service" in police_page
    assert police_page.count('<tr class="govuk-table__row">') == 3  # header and 2 referrals
    assert other["reference"] not in police_page
    assert "Bea" not in police_page  # no case details
    assert mine.reference not in health_page


def test_the_status_list_makes_a_fixed_number_of_queries(police_user: User) -> None:
    client = signed_in(police_user)
    client.get("/partner/referrals/")
    for _ in range(3):
        ReferralFactory(created_by=police_user)
    with CaptureQueriesContext(connection) as few:
        client.get("/partner/referrals/")
    for _ in range(5):
        ReferralFactory(created_by=police_user)
    with CaptureQueriesContext(connection) as more:
        client.get("/partner/referrals/")
    assert len(few) == len(more)


def test_the_partner_status_scope_gives_other_organisations_nothing(police_user: User, health_user: User) -> None:
    from django.http import Http404

    from intake.selectors import partner_referral_get_for_user

    referral = ReferralFactory(created_by=police_user)
    assert partner_referral_get_for_user(police_user, referral.pk) == referral
    with pytest.raises(Http404):
        partner_referral_get_for_user(health_user, referral.pk)


def test_the_partner_form_preselects_no_safety_answer(police_user: User) -> None:
    import re

    page = signed_in(police_user).get("/partner/referrals/new/").content.decode()
    for name in ("voicemail_allowed", "perpetrator_has_phone_access", "perpetrator_lives_with_victim"):
        radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert len(radios) == 2 and not any("checked" in radio for radio in radios), name
