"""People see deadlines on the lists, their notifications with an unread count, and managers the breaches."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from sla.deadlines import LONDON
from sla.models import Clock, Notification
from sla.services import sla_sweep
from tests.factories import user_in

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_colours_deadlines_near_and_past(client, triage, create_referral, clock_at) -> None:
    create_referral()  # due Tuesday 10:00
    client.force_login(triage)
    page = client.get("/referrals/queue/").content.decode()
    assert "24 Nov 2026 10:00" in page
    assert "Overdue" not in page and "Due soon" not in page
    clock_at.move_to(datetime(2026, 11, 24, 8, 30, tzinfo=LONDON))
    client.force_login(triage)  # sessions expire after 30 idle minutes
    assert 'govuk-tag--orange">Due soon' in client.get("/referrals/queue/").content.decode()
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    client.force_login(triage)
    assert 'govuk-tag--red">Overdue' in client.get("/referrals/queue/").content.decode()


def test_the_queue_with_deadlines_runs_a_fixed_number_of_queries(client, triage, create_referral) -> None:
    client.force_login(triage)
    create_referral()
    _queries(client, "/referrals/queue/")  # the filter lists are cached on the first request of a process
    few = _queries(client, "/referrals/queue/")
    for _ in range(5):
        create_referral()
    assert _queries(client, "/referrals/queue/") == few


def test_the_header_counts_unread_notifications(client, triage, create_referral, clock_at) -> None:
    create_referral()
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    sla_sweep()
    client.force_login(triage)
    page = client.get("/notifications/").content.decode()
    assert '1<span class="govuk-visually-hidden"> unread</span>' in page
    assert "Overdue: R" in page


def test_opening_a_notification_marks_it_read(client, triage, create_referral, clock_at) -> None:
    referral = create_referral()
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    sla_sweep()
    notification = Notification.objects.get(user=triage)
    client.force_login(triage)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral['id']}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread" not in client.get("/notifications/").content.decode()


def test_someone_elses_notification_is_not_found(client, triage, centra_worker, create_referral, clock_at) -> None:
    create_referral()
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    sla_sweep()
    notification = Notification.objects.get(user=triage)
    client.force_login(centra_worker)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.fixture
def breaches(create_referral, assess, clock_at):
    """One referral late with Centra (north), one late with Oasis (east), both triaged in time."""
    swale = create_referral(district="swale")
    thanet = create_referral(district="thanet", town="Margate", postcode="CT9 1AA")
    assess(swale["id"], 11)
    assess(thanet["id"], 11)
    clock_at.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON))
    return swale, thanet


def test_triage_sees_every_breach(client, triage, breaches) -> None:
    client.force_login(triage)
    page = client.get("/breaches/").content.decode()
    assert "Centra Care and Support" in page and "Oasis Domestic Abuse Services" in page
    assert "Routed to accepted or declined" in page


def test_a_provider_manager_sees_their_organisations_breaches(client, centra_manager, breaches) -> None:
    client.force_login(centra_manager)
    page = client.get("/breaches/").content.decode()
    assert "Centra Care and Support" in page
    assert "Oasis" not in page


def _summary_counts(page: str) -> list[str]:
    summary = page.split("By stage, organisation and worker")[1].split("Each breach")[0]
    return re.findall(r"govuk-table__cell--numeric\">(\d+)<", summary)


def test_the_breaches_summary_is_counted_once_says_when_and_shows_a_change_within_minutes(
    client, triage, breaches, clock_at
) -> None:
    swale, thanet = breaches
    client.force_login(triage)
    first = client.get("/breaches/").content.decode()
    assert "Figures as at 25 Nov 2026 10:00" in first
    assert _summary_counts(first) == ["1", "1"]
    # Thanet's late stage is finished in time after all (a correction): it is no longer a breach.
    Clock.objects.filter(referral_id=thanet["id"]).update(stopped_at=timezone.now(), met=True)
    clock_at.move_to(datetime(2026, 11, 25, 10, 1, tzinfo=LONDON))
    soon = client.get("/breaches/").content.decode()
    assert thanet["reference"] not in soon  # the list is read now
    assert _summary_counts(soon) == ["1", "1"] and "Figures as at 25 Nov 2026 10:00" in soon
    clock_at.move_to(datetime(2026, 11, 25, 10, 6, tzinfo=LONDON))
    later = client.get("/breaches/").content.decode()
    assert _summary_counts(later) == ["1"] and "Figures as at 25 Nov 2026 10:06" in later


def test_the_summary_says_whether_a_breach_is_still_open_or_who_finished_it(client, triage, breaches) -> None:
    swale, thanet = breaches
    late = Clock.objects.filter(referral_id=thanet["id"], stopped_at__isnull=True)
    late.update(stopped_at=timezone.now(), met=False)  # finished late, with no worker recorded (a case ended)
    client.force_login(triage)
    summary = client.get("/breaches/").content.decode().split("Each breach")[0]
    assert "Still open" in summary and "Not recorded" in summary


def test_managers_of_two_providers_never_share_a_summary(client, centra_manager, breaches) -> None:
    client.force_login(centra_manager)
    assert "Oasis" not in client.get("/breaches/").content.decode()
    oasis_manager = user_in("oasis", Role.PROVIDER_MANAGER, username="olive.oasis")
    client.force_login(oasis_manager)
    page = client.get("/breaches/").content.decode()
    assert "Oasis Domestic Abuse Services" in page.split("Each breach")[0]
    assert "Centra" not in page


@pytest.mark.parametrize("persona", ["centra_worker", "police_user", "commissioner"])
def test_others_do_not_find_the_breaches_page(client, persona, request, breaches) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/breaches/").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client) -> None:
    assert client.get("/breaches/").status_code == 302
    assert client.get("/notifications/").status_code == 302
