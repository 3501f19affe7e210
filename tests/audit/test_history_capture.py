"""Changes to person-bearing rows are captured by database triggers with before and after values:
a change made outside the app (plain SQL) too, and a change through the app with its user and address."""

from __future__ import annotations

import pytest
from django.db import connection

from audit.models import TRACKED
from audit.selectors import change_events
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def referral_events(referral_id: int):
    from django.apps import apps

    return apps.get_model("audit", TRACKED[Referral]).objects.filter(pgh_obj_id=referral_id).order_by("pgh_id")


@pytest.mark.django_db(transaction=True)  # each request commits alone, as in production
def test_it_captures_an_update_made_with_plain_sql(routed_case) -> None:
    case = routed_case()
    before = Referral.objects.get(pk=case).last_name
    with connection.cursor() as cursor:
        cursor.execute("UPDATE referrals_referral SET last_name = 'Changedoutside' WHERE id = %s", [case])
    events = list(referral_events(case))
    assert events[-1].pgh_label == "update"
    assert events[-1].last_name == "Changedoutside"
    assert events[-2].last_name == before
    assert events[-1].pgh_context is None  # no request: made outside the app

    newest = change_events(Referral.objects.get(pk=case))[0]
    assert newest.changes["last_name"] == [before, "Changedoutside"]
    assert newest.user_id is None


def test_a_change_through_the_app_carries_the_user_and_address(client, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    client.force_login(centra_worker)
    response = client.post(f"/cases/{case}/notes/new/", {"text": "Spoke safely"}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    note = next(e for e in change_events(Referral.objects.get(pk=case)) if e.what == "CaseNote")
    assert note.label == "insert"
    assert note.user_id == centra_worker.pk
    assert note.ip == "198.51.100.4"


def test_every_person_bearing_model_is_tracked() -> None:
    names = {model.__name__ for model in TRACKED}
    assert {
        "Referral",
        "Child",
        "RiskAssessment",
        "ContactAttempt",
        "CaseNote",
        "SupportEpisode",
        "SafetyPlan",
        "Transfer",
        "Closure",
        "MaracReferral",
        "Research",
        "MaracAction",
    } <= names
