"""A meeting's page, print view, PDF, CSVs and API read each part of the agenda and the action list in statements
of their own, however many cases are on it: what each case shows (its referral's name, district, the earlier
listing it repeats, who referred, what happened since) and masking its free text come with its row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marac.models import AgendaItem, MaracReferral
from marac.services import meeting_agenda_fill
from tests.marac.conftest import action_on

pytestmark = pytest.mark.django_db

ROUTES = [
    "/marac/meetings/{meeting}/",
    "/marac/meetings/{meeting}/print/",
    "/marac/meetings/{meeting}/agenda.pdf",
    "/marac/meetings/{meeting}/agenda.csv",
    "/marac/meetings/{meeting}/actions.csv",
    "/api/v1/marac-meetings/{meeting}/",
    "/api/v1/marac-meetings/{meeting}/actions/",
]


def test_a_meeting_reads_no_more_statements_for_more_cases(make_case, meeting, swale_coordinator, swale_police) -> None:
    def add_cases(count: int) -> None:
        for _ in range(count):
            earlier = make_case(days_ago=400)
            MaracReferral.objects.filter(pk=earlier.pk).update(heard_on=timezone.localdate() - timedelta(days=390))
            repeat = make_case(days_ago=3, is_repeat=True, referrer_organisation="Kent Police")
            MaracReferral.objects.filter(pk=repeat.pk).update(repeat_of=earlier)
        for item in meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk):
            AgendaItem.objects.filter(pk=item.pk).update(reason=f"Listed: {item.case.referral.code_word} asked")
            action_on(item, "kent-police")

    readers = {"coordinator": Client(), "partner": Client()}
    readers["coordinator"].force_login(swale_coordinator)
    readers["partner"].force_login(swale_police)

    def statements() -> dict[str, int]:
        counted = {}
        for who, client in readers.items():
            for route in ROUTES:
                url = route.format(meeting=meeting.pk)
                client.get(url)
                with CaptureQueriesContext(connection) as read:
                    assert client.get(url).status_code == 200, (who, url)
                counted[f"{who} {url}"] = len(read)
        return counted

    add_cases(1)
    before = statements()
    add_cases(2)

    assert statements() == before
