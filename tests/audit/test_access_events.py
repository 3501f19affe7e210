"""Every view, list and export of a person's record writes one row to the access trail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessEvent, Action

pytestmark = pytest.mark.django_db


def latest() -> AccessEvent:
    return AccessEvent.objects.order_by("-id").first()


def test_it_records_who_viewed_the_referral_page_and_from_where(client, routed_case, triage) -> None:
    case = routed_case()
    client.force_login(triage)
    assert client.get(f"/referrals/{case}/", REMOTE_ADDR="203.0.113.7").status_code == 200
    event = latest()
    assert (event.user, event.organisation, event.action) == (triage, triage.organisation, Action.VIEW)
    assert event.referral_ids == [case]
    assert event.ip == "203.0.113.7"
    assert event.what == f"GET /referrals/{case}/"


def test_it_records_an_api_retrieve(api, routed_case, triage) -> None:
    case = routed_case()
    assert api(triage).get(f"/api/v1/referrals/{case}/").status_code == 200
    assert (latest().action, latest().referral_ids) == (Action.VIEW, [case])


def test_a_list_page_writes_one_row_with_the_ids_it_showed(client, open_case, centra_worker) -> None:
    cases = [open_case(centra_worker) for _ in range(3)]
    client.force_login(centra_worker)
    before = AccessEvent.objects.count()
    assert client.get("/cases/").status_code == 200
    assert AccessEvent.objects.count() == before + 1
    assert latest().action == Action.LIST
    assert sorted(latest().referral_ids) == sorted(cases)


def test_the_caseload_pays_one_insert_for_its_trail_whatever_its_size(client, open_case, centra_worker) -> None:
    client.force_login(centra_worker)
    open_case(centra_worker)

    def inserts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/caseload/")
        trail = [q for q in captured if "audit_accessevent" in q["sql"]]
        return len(captured), len(trail)

    few = inserts()
    for _ in range(3):
        open_case(centra_worker)
    assert inserts() == few
    assert few[1] == 1


def test_the_triage_queue_and_referral_list_api_are_recorded(client, api, routed_case, create_referral, triage) -> None:
    waiting = create_referral()
    client.force_login(triage)
    client.get("/referrals/queue/")
    assert waiting["id"] in latest().referral_ids
    api(triage).get("/api/v1/referrals/")
    assert latest().action == Action.LIST and waiting["id"] in latest().referral_ids


def test_a_change_is_recorded_with_its_record(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    api(centra_worker).post(f"/api/v1/referrals/{case}/notes/", {"text": "Called back"}, format="json")
    assert (latest().action, latest().referral_ids, latest().user) == (Action.CHANGE, [case], centra_worker)


def test_marac_exports_are_recorded(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    for suffix, action in (("agenda.csv", Action.EXPORT), ("agenda.pdf", Action.EXPORT), ("print/", Action.PRINT)):
        url = f"/marac/meetings/{listed.meeting_id}/{suffix}"
        assert client.get(url).status_code == 200, url
        assert (latest().action, latest().referral_ids) == (action, [listed.case.referral_id])
