"""The breaches report (page and API alike) shows every stage still open past its deadline, however old, and the
stages finished late whose deadline fell in the period chosen: the last 3 months unless another is asked for."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from referrals.models import Referral
from sla.deadlines import LONDON
from sla.models import Clock
from sla.selectors import breaches_visible_to
from sla.stages import Stage
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def _clock(name: str, *, due_days_ago: int, finished: bool, met: bool | None) -> Clock:
    due = NOW - timedelta(days=due_days_ago)
    referral: Referral = ReferralFactory(last_name=name, received_at=due - timedelta(days=1))  # type: ignore[assignment]
    return Clock.objects.create(
        referral=referral,
        stage=Stage.TRIAGE,
        risk_level="medium",
        started_at=due - timedelta(days=1),
        due_at=due,
        remind_at=due,
        escalate_at=due,
        stopped_at=due + timedelta(days=1) if finished else None,
        met=met,
    )


@pytest.fixture
def clocks(ref) -> dict[str, Clock]:
    return {
        "open for 200 days past its deadline": _clock("Open", due_days_ago=200, finished=False, met=None),
        "finished late, deadline 10 days ago": _clock("Recent", due_days_ago=10, finished=True, met=False),
        "finished late, deadline 200 days ago": _clock("Older", due_days_ago=200, finished=True, met=False),
        "finished late, deadline 500 days ago": _clock("Oldest", due_days_ago=500, finished=True, met=False),
        "finished in time": _clock("InTime", due_days_ago=10, finished=True, met=True),
    }


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        (
            "3m",
            {"open for 200 days past its deadline", "finished late, deadline 10 days ago"},
        ),
        (
            "12m",
            {
                "open for 200 days past its deadline",
                "finished late, deadline 10 days ago",
                "finished late, deadline 200 days ago",
            },
        ),
        (
            "all",
            {
                "open for 200 days past its deadline",
                "finished late, deadline 10 days ago",
                "finished late, deadline 200 days ago",
                "finished late, deadline 500 days ago",
            },
        ),
    ],
)
def test_a_period_keeps_every_open_breach_and_the_late_finishes_within_it(triage, clocks, period, shown) -> None:
    found = set(breaches_visible_to(triage, now=NOW, period=period))
    assert found == {clocks[name] for name in shown}


def test_the_page_and_the_api_show_the_last_3_months_unless_asked(client, api, triage, clocks, clock_at) -> None:
    clock_at.move_to(NOW)
    client.force_login(triage)
    page = client.get("/breaches/").content.decode()
    assert "in the last 3 months" in page
    assert clocks["finished late, deadline 10 days ago"].referral.reference in page
    assert clocks["finished late, deadline 200 days ago"].referral.reference not in page
    assert (
        clocks["finished late, deadline 200 days ago"].referral.reference
        in client.get("/breaches/?period=12m").content.decode()
    )
    every = client.get("/breaches/?period=all").content.decode()
    assert "stages finished after their deadline." in every
    assert clocks["finished late, deadline 500 days ago"].referral.reference in every
    assert api(triage).get("/api/v1/breaches/").json()["count"] == 2
    assert api(triage).get("/api/v1/breaches/", {"period": "all"}).json()["count"] == 4


def test_a_period_it_does_not_know_is_refused_with_a_reason(client, api, triage, clocks) -> None:
    client.force_login(triage)
    response = client.get("/breaches/?period=forever")
    assert response.status_code == 400
    assert "Choose the last 3 months, the last 12 months or all time" in response.content.decode()
    answer = api(triage).get("/api/v1/breaches/", {"period": "forever"})
    assert answer.status_code == 400
    assert answer.json()["period"] == ["Choose the last 3 months, the last 12 months or all time"]
