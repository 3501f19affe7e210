"""The recognised decrease in risk and the time waited on the return: worked out by hand over a few people and
entries, with their definitions beside them, exact for an administrator and suppressed for a commissioner."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from accounts.models import User
from casework.models import StepDown, StepDownState
from people.models import Person
from providers.models import Organisation
from referrals.models import ChecklistVersion, Referral, RiskAssessment
from reports.access import ReportScope
from reports.periods import financial_period
from reports.risk_change import RiskChange
from reports.risk_decrease import risk_changes, risk_decrease_table
from reports.waiting_list import waiting_list_table
from tests.reports.conftest import at
from waiting.models import WaitingEntry

pytestmark = pytest.mark.django_db

Q1_2025 = financial_period(2025, 1)
PERIOD = {"period": "2025-26-q1"}


@pytest.fixture
def assessed(administrator: User) -> Any:
    checklist = ChecklistVersion.objects.get(is_current=True)

    def make(referral: Referral, on: datetime, level: str, score: int) -> RiskAssessment:
        made = RiskAssessment.objects.create(
            referral=referral,
            checklist=checklist,
            answers={},
            thresholds={},
            yes_count=score,
            callouts_in_window=0,
            level=level,
            reasons=[],
            flags=[],
            assessed_by=administrator,
        )
        RiskAssessment.objects.filter(pk=made.pk).update(assessed_at=on)
        return made

    return make


@pytest.fixture
def people_closed(make_referral: Any, closure: Any, assessed: Any, administrator: User) -> None:
    """Six people with a case closed in 2025/26 Q1: two decreases (one over two cases), one no change, one
    increase, one assessed once, one whose step-down a manager refused. One more closed in Q2."""

    def case(
        first: tuple[str, int], *later: tuple[str, int], closed: date = date(2025, 6, 1), who: Person | None = None
    ):
        referral = make_referral(at(date(2025, 4, 1)), provider="centra", risk_level=first[0], survivor=who)
        assessed(referral, at(date(2025, 4, 1)), *first)
        for i, (level, score) in enumerate(later, start=1):
            assessed(referral, at(date(2025, 4, 1) + timedelta(days=10 * i)), level, score)
        closure(referral, at(closed))
        return referral

    case(("high", 16), ("medium", 11))  # decrease
    case(("medium", 12))  # assessed once: not counted
    case(("medium", 12), ("medium", 12))  # no change
    case(("medium", 11), ("high", 15))  # increase
    refused = case(("high", 16), ("standard", 3))  # the step-down was refused: not recognised
    StepDown.objects.create(
        referral=refused,
        assessment=refused.assessments.order_by("-assessed_at").first(),
        from_level="high",
        to_level="standard",
        reason="Says things are calmer.",
        requested_by=administrator,
        state=StepDownState.REFUSED,
    )
    case(("high", 16), ("standard", 2), closed=date(2025, 7, 2))  # closed in Q2
    her = Person.objects.create(given_name="Ann", family_name="Twocases")
    case(("high", 17), closed=date(2025, 5, 1), who=her)
    later = make_referral(at(date(2025, 5, 2)), provider="centra", risk_level="medium", survivor=her)
    assessed(later, at(date(2025, 5, 2)), "medium", 10)
    closure(later, at(date(2025, 6, 20)))


def test_it_counts_people_first_against_latest(people_closed: None) -> None:
    assert risk_changes(ReportScope(suppressed=False), Q1_2025) == {
        RiskChange.DECREASE: 2,
        RiskChange.NO_CHANGE: 1,
        RiskChange.INCREASE: 1,
        RiskChange.NOT_REASSESSED: 2,
    }
    table = risk_decrease_table(ReportScope(suppressed=False), Q1_2025)
    assert table.rows[:3] == [
        ["Clients whose case closed", "6", ""],
        ["Assessed at least twice", "4", ""],
        ["Recognised decrease in risk", "2", "50.0%"],
    ]
    assert "One assessment only: not counted" in table.definitions[0][1]


def test_a_commissioner_sees_small_numbers_suppressed(people_closed: None) -> None:
    table = risk_decrease_table(ReportScope(suppressed=True), Q1_2025)
    assert table.rows[:3] == [
        ["Clients whose case closed", "5", ""],
        ["Assessed at least twice", "<5", ""],
        ["Recognised decrease in risk", "<5", "<5"],
    ]


def test_the_return_page_and_api_carry_both_tables_with_their_definitions(
    client: Any, api: Any, commissioner: User, people_closed: None
) -> None:
    client.force_login(commissioner)
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert "Recognised decrease in risk" in page
    assert "whose latest risk assessment is lower than their first" in page
    assert "Waiting list, time waited" in page and "from the moment a referral joined" in page
    csv_body = client.get("/reports/return/risk-decrease.csv", PERIOD).content.decode()
    assert "Recognised decrease in risk,<5,<5" in csv_body
    tables = {t["slug"] for t in api(commissioner).get("/api/v1/reports/return/", PERIOD).json()["tables"]}
    assert {"risk-decrease", "waiting-list"} <= tables


def _entry(referral: Referral, joined: datetime, left: datetime | None, state: str = "taken_on") -> None:
    entry = WaitingEntry.objects.create(
        referral=referral,
        provider=referral.provider,
        priority="B",
        why_waiting="No IDVA free.",
        joined_at=joined,
    )
    if left is not None:
        # Straight into the table: the transitions are tested with the services (tests/waiting).
        WaitingEntry.objects.filter(pk=entry.pk).update(left_at=left, leave_reason="Taken on", state=state)


def test_it_reports_the_median_and_longest_wait_per_provider(make_referral: Any) -> None:
    centra = [make_referral(at(date(2025, 4, 1)), provider="centra") for _ in range(6)]
    oasis = make_referral(at(date(2025, 4, 1)), district="thanet", provider="oasis")
    start = at(date(2025, 4, 1), 9)
    for referral, days in zip(centra[:5], (1, 2, 3, 10, 20), strict=True):  # left in the quarter
        _entry(referral, start, start + timedelta(days=days))
    _entry(centra[5], at(date(2025, 6, 1), 9), None)  # still waiting at the quarter's end
    _entry(oasis, at(date(2025, 3, 1), 9), at(date(2025, 4, 2), 9))  # joined in March, left in April: 32 days
    table = waiting_list_table(ReportScope(suppressed=False), Q1_2025)
    rows = {row[0]: row[1:] for row in table.rows}
    # Still waiting: 1 June 09:00 to 1 July 00:00 London is 29.6 days.
    assert rows["Centra Care and Support"] == ["5", "3.0", "20.0", "1", "29.6"]
    assert rows["Oasis Domestic Abuse Services"] == ["1", "32.0", "32.0", "0", "–"]
    suppressed = {row[0]: row[1:] for row in waiting_list_table(ReportScope(suppressed=True), Q1_2025).rows}
    assert suppressed["Centra Care and Support"] == ["5", "3.0", "20.0", "<5", "<5"]
    assert suppressed["Oasis Domestic Abuse Services"] == ["<5", "<5", "<5", "0", "–"]
    oasis_only = waiting_list_table(
        ReportScope(provider=Organisation.objects.get(slug="oasis"), suppressed=False), Q1_2025
    )
    assert [row[0] for row in oasis_only.rows] == ["Oasis Domestic Abuse Services"]
    assert "median of an even number" in table.definitions[0][1]


def test_only_her_first_and_latest_assessments_count_and_a_case_never_assessed_is_not_reassessed(
    make_referral: Any, closure: Any, assessed: Any
) -> None:
    three = make_referral(at(date(2025, 4, 1)), provider="centra", risk_level="high")
    for days, level, score in ((0, "high", 16), (10, "standard", 2), (20, "medium", 12)):
        assessed(three, at(date(2025, 4, 1) + timedelta(days=days)), level, score)
    closure(three, at(date(2025, 6, 1)))
    never = make_referral(at(date(2025, 4, 3)), provider="centra", risk_level="")
    closure(never, at(date(2025, 6, 2)))
    assert risk_changes(ReportScope(suppressed=False), Q1_2025) == {
        RiskChange.DECREASE: 1,  # high at first, medium at the latest: the standard between does not count
        RiskChange.NO_CHANGE: 0,
        RiskChange.INCREASE: 0,
        RiskChange.NOT_REASSESSED: 1,
    }
