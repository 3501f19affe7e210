"""Subject access: an administrator downloads everything held about one person, all their referrals
included, and nobody else's. The export is itself recorded in the trail."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessEvent, Action
from audit.selectors import change_events
from referrals.models import Referral

pytestmark = pytest.mark.django_db

SAME = {"first_name": "Morwenna", "last_name": "Trelawny", "date_of_birth": "1984-02-03", "postcode": "ME10 3AB"}


def test_it_holds_every_referral_of_the_person_and_no_one_else(
    client, api, open_case, create_referral, centra_worker, administrator
) -> None:
    first = open_case(centra_worker, code_word="heron", **SAME)
    api(centra_worker).post(f"/api/v1/referrals/{first}/notes/", {"text": "First call went well"}, format="json")
    api(centra_worker).put(f"/api/v1/referrals/{first}/equality/", {"ethnicity": "white_roma"}, format="json")
    second = create_referral(**SAME)["id"]
    stranger = create_referral(first_name="Other", last_name="Person", date_of_birth="1990-01-01")["id"]

    client.force_login(administrator)
    response = client.get(f"/audit/cases/{second}/subject-access.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    ids = {r["referral"]["id"] for r in document["referrals"]}
    assert ids == {first, second}
    assert stranger not in ids
    everything = response.content.decode()
    assert "First call went well" in everything and "heron" in everything  # the person's own data, in full
    assert "Other" not in [r["referral"]["first_name"] for r in document["referrals"]]
    held = next(r for r in document["referrals"] if r["referral"]["id"] == first)
    assert held["case_notes"] and held["state_changes"] and held["risk_assessments"] and held["history"]
    assert [row["ethnicity"] for row in held["equality_monitoring"]] == ["white_roma"]  # her own answers too

    event = AccessEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.action, sorted(event.referral_ids), event.user) == (Action.SUBJECT_ACCESS, sorted(ids), administrator)


def test_each_referral_holds_its_own_history_read_together(
    client, api, open_case, create_referral, centra_worker, administrator
) -> None:
    """The referrals' records and history are read once for all of them (audit.selectors.change_events_of), and
    each referral's history is its own: the same as its trail page shows."""
    first = open_case(centra_worker, **SAME)
    api(centra_worker).post(f"/api/v1/referrals/{first}/notes/", {"text": "First call went well"}, format="json")
    second = create_referral(**SAME)["id"]
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as two_referrals:
        document = json.loads(client.get(f"/audit/cases/{second}/subject-access.json").content)
    history = {r["referral"]["id"]: r["history"] for r in document["referrals"]}
    for referral_id in (first, second):
        own = change_events(Referral.objects.get(pk=referral_id), scrub=False)
        assert [(e["record"], e["id"], e["event"]) for e in history[referral_id]] == [
            (e.what, e.record_id, e.label) for e in own
        ]
    assert {e["id"] for e in history[second] if e["record"] == "Referral"} == {str(second)}
    third = create_referral(**SAME)["id"]
    api(centra_worker).post(f"/api/v1/referrals/{first}/notes/", {"text": "Second call"}, format="json")
    with CaptureQueriesContext(connection) as three_referrals:
        client.get(f"/audit/cases/{third}/subject-access.json")
    assert len(three_referrals) == len(two_referrals)  # no query per referral


@pytest.mark.parametrize("who", ["triage", "centra_manager"])
def test_only_an_administrator_may_export(client, request, create_referral, who) -> None:
    pk = create_referral()["id"]
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/audit/cases/{pk}/subject-access.json").status_code == 404
