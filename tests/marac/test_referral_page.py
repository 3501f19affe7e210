"""The IDVA (the provider the referral was routed to) sees the MARAC history and open actions on
the referral page."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone

from marac.models import MaracAction, MaracReferral
from marac.services import agenda_item_hear, meeting_agenda_fill
from tests.marac.conftest import action_on

pytestmark = pytest.mark.django_db


def test_the_idva_sees_the_marac_history_and_open_actions(
    client, create_referral, assess, meeting, swale_coordinator, centra_worker, time_machine
) -> None:
    referral = create_referral()
    assess(referral["id"], 15)
    (item,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    assert item.case == MaracReferral.objects.get(referral_id=referral["id"])
    for text in ("Fit a sanctuary lock", "Old action"):
        action_on(item, "swale-housing", text)
    done = MaracAction.objects.get(description="Old action")
    done.complete()
    done.save()
    time_machine.move_to(timezone.make_aware(datetime.combine(meeting.held_on, time(10))), tick=False)
    agenda_item_hear(user=swale_coordinator, item_id=item.pk)
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{referral['id']}/").content.decode()
    assert "Swale MARAC" in page
    assert f"Heard {meeting.held_on:%-d %b %Y}" in page
    assert "Fit a sanctuary lock" in page and "Old action" not in page


def test_the_marac_part_of_the_referral_page_runs_a_fixed_number_of_queries(
    client, create_referral, assess, meeting, swale_coordinator, centra_worker
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    referral = create_referral()
    assess(referral["id"], 15)
    (item,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    action_on(item, "swale-housing")
    client.force_login(centra_worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/referrals/{referral['id']}/").status_code == 200
        return len(captured)

    few = queries()
    for slug in ("kent-police", "nhs-kent-medway", "kcc-childrens-services", "probation-kent"):
        action_on(item, slug)
    assert queries() == few
