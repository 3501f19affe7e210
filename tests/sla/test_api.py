"""The API lists your notifications, marks them read, and lists the breaches you may see."""

from __future__ import annotations

from datetime import datetime

import pytest

from sla.deadlines import LONDON
from sla.models import Notification
from sla.services import sla_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(create_referral, assess, clock_at):
    referral = create_referral(district="swale")
    assess(referral["id"], 11)  # with Centra, to decide by Tuesday 10:00
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    return referral


def test_it_lists_only_my_notifications(api, centra_worker, oasis_worker, overdue) -> None:
    sla_sweep()
    mine = api(centra_worker).get("/api/v1/notifications/").json()
    assert mine["count"] == 1
    assert mine["results"][0]["link"] == f"/referrals/{overdue['id']}/"
    assert api(oasis_worker).get("/api/v1/notifications/").json()["count"] == 0


def test_it_marks_a_notification_read(api, centra_worker, oasis_worker, overdue) -> None:
    sla_sweep()
    notification = Notification.objects.get(user=centra_worker)
    assert api(oasis_worker).post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404
    response = api(centra_worker).post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None


def test_it_lists_breaches_in_scope(api, triage, centra_manager, oasis_worker, overdue) -> None:
    from tests.factories import user_in

    oasis_manager = user_in("oasis", "provider_manager", username="omar.oasis")
    assert [b["reference"] for b in api(triage).get("/api/v1/breaches/").json()["results"]] == [f"R{overdue['id']:07d}"]
    assert api(centra_manager).get("/api/v1/breaches/").json()["count"] == 1
    assert api(oasis_manager).get("/api/v1/breaches/").json()["count"] == 0
    # Workers do not get the breaches report, as on the page (config.permissions).
    assert api(oasis_worker).get("/api/v1/breaches/").status_code == 404


def test_it_refuses_anonymous_callers(api) -> None:
    assert api(None).get("/api/v1/notifications/").status_code in (401, 403)
    assert api(None).get("/api/v1/breaches/").status_code in (401, 403)
