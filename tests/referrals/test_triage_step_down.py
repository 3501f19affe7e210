"""Triage lowering the risk of a referral it has back (declined, needing manual routing, MARAC only) gives a
reason, kept in the history; and a referral held at MARAC is never stepped down, closed or withdrawn
without its coordinators being told."""

from __future__ import annotations

import pytest

from marac.models import MaracNotice
from referrals.models import Referral, StateChange
from sla.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined_high(api, routed_case, centra_worker) -> int:
    """High risk in Swale (waiting for Swale MARAC), declined by Centra: back with triage."""
    case = routed_case("swale", 16)
    declined = api(centra_worker).post(f"/api/v1/referrals/{case}/decline/", {"reason": "No capacity"}, format="json")
    assert declined.status_code == 200, declined.json()
    return case


def test_triage_lowering_the_risk_needs_a_reason_and_tells_the_marac_coordinator(
    api, assess, triage, declined_high, swale_coordinator
) -> None:
    refused = assess(declined_high, 0)
    assert refused.status_code == 400
    assert "Say why the risk is lower" in str(refused.json()["step_down_reason"])
    assert Referral.objects.get(pk=declined_high).risk_level == "high"

    lowered = assess(declined_high, 0, step_down_reason="Police: wrong person on the original call-out log")
    assert lowered.status_code == 201, lowered.json()
    assert Referral.objects.get(pk=declined_high).risk_level == "standard"
    change = StateChange.objects.filter(referral_id=declined_high, transition="assess").last()
    assert change is not None and "Police: wrong person on the original call-out log" in change.reason
    assert change.reason.startswith("Stepped down from high to standard risk")
    (notification,) = Notification.objects.filter(user=swale_coordinator)
    assert notification.text == f"Risk stepped down: R{declined_high:07d} at Swale MARAC"


def test_triage_raising_the_risk_needs_no_reason(api, assess, routed_case, centra_worker) -> None:
    case = routed_case("swale", 11)
    api(centra_worker).post(f"/api/v1/referrals/{case}/decline/", {"reason": "No capacity"}, format="json")
    assert assess(case, 16).status_code == 201
    assert Referral.objects.get(pk=case).risk_level == "high"


def test_the_triage_assessment_page_asks_why_the_risk_is_lower(client, triage, declined_high, question_keys) -> None:
    client.force_login(triage)
    assert "If the risk is now lower, why?" in client.get(f"/referrals/{declined_high}/assess/").content.decode()
    form = {f"q_{key}": "no" for key in question_keys} | {"honour_based_abuse": "no"}
    refused = client.post(f"/referrals/{declined_high}/assess/", form)
    assert refused.status_code == 400 and "Say why the risk is lower" in refused.content.decode()
    assert Referral.objects.get(pk=declined_high).risk_level == "high"


def test_withdrawing_a_referral_held_at_marac_warns_first_and_tells_the_coordinator(
    client, api, triage, declined_high, swale_coordinator
) -> None:
    client.force_login(triage)
    page = client.get(f"/referrals/{declined_high}/withdraw/").content.decode()
    assert 'id="marac-warning"' in page and "waiting to be heard at Swale MARAC" in page
    withdrawn = api(triage).post(
        f"/api/v1/referrals/{declined_high}/withdraw/", {"reason": "Client asked us to stop"}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.json()
    (notification,) = Notification.objects.filter(user=swale_coordinator)
    assert notification.text == f"Referral withdrawn: R{declined_high:07d} at Swale MARAC"
    assert (
        MaracNotice.objects.get(case__referral_id=declined_high).text == "Referral withdrawn: Client asked us to stop"
    )
