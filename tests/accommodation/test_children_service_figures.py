"""The children's service's figures beside the refuge figures in the return: children referred, started and
completed; goals set and achieved (0 or better at the end); the mean change in goal attainment (T-score
at the end minus at the start). Small numbers hidden from those outside the provider."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from accommodation.children_service import (
    child_case_complete,
    child_case_refer,
    child_case_start,
    child_goal_set,
)
from accommodation.children_service_selectors import children_service_figures
from accounts.models import Role, User
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db
LEVELS = {-2: "Much less", -1: "Less", 0: "As expected", 1: "More", 2: "Much more"}
Q3 = {"period": "2026-27-q3"}  # October to December 2026


@pytest.fixture
def salus_worker(ref: None) -> User:
    return user_in("project-salus", Role.PROVIDER_WORKER, username="sam.salus")


def worked_with(
    routed_case: Any, triage: User, worker: User, goals: list[tuple[int, int]], *, referred: date, ended: date
) -> None:
    """A child referred, started that day, with goals (baseline, final level) scored at the end."""
    with time_machine.travel(datetime(referred.year, referred.month, referred.day, 10, tzinfo=UTC), tick=False):
        referral_id = routed_case("swale", 11)
        child = person(date_of_birth=date(2017, 5, 5))
        link(referral_id, survivor=person(), children=[child])
        case = child_case_refer(
            user=triage,
            referral_id=referral_id,
            child_id=child.pk,
            source="professional",
            referrer_name="Ms Head",
            referrer_agency="School",
            reason="Withdrawn at school.",
        )
        child_case_start(user=worker, case_id=case.pk, started_on=referred)
        set_goals = [
            child_goal_set(user=worker, case_id=case.pk, title=f"Goal {n}", levels=LEVELS, baseline=baseline)
            for n, (baseline, _) in enumerate(goals)
        ]
    with time_machine.travel(datetime(ended.year, ended.month, ended.day, 10, tzinfo=UTC), tick=False):
        scores = {goal.pk: final for goal, (_, final) in zip(set_goals, goals, strict=True)}
        child_case_complete(user=worker, case_id=case.pk, ended_on=ended, scores=scores)


@pytest.fixture
def two_children(routed_case: Any, triage: User, salus_worker: User) -> None:
    worked_with(
        routed_case,
        triage,
        salus_worker,
        [(-2, 0), (-2, 1), (-2, -1)],
        referred=date(2026, 9, 7),
        ended=date(2026, 11, 30),
    )
    worked_with(routed_case, triage, salus_worker, [(-1, 0)], referred=date(2026, 10, 5), ended=date(2026, 12, 28))


def test_the_figures_of_a_quarter(two_children: None) -> None:
    figures = children_service_figures(date(2026, 10, 1), date(2026, 12, 31))
    assert (figures.referred, figures.started, figures.completed) == (1, 1, 2)
    assert (figures.goals_set, figures.goals_achieved) == (4, 3)
    # (50 − 22.61) for the first child, 10 for the second: the mean of the two.
    assert figures.mean_t_score_change == pytest.approx((27.39 + 10) / 2, abs=0.01)
    before = children_service_figures(date(2026, 7, 1), date(2026, 9, 30))
    assert (before.referred, before.completed, before.mean_t_score_change) == (1, 0, None)


def test_the_return_shows_them_with_their_definitions(
    client: Any, administrator: User, commissioner: User, two_children: None
) -> None:
    client.force_login(administrator)
    page = client.get("/reports/return/", Q3).content.decode()
    assert "Children&#x27;s service (SASS)" in page
    assert "Mean change in goal attainment" in page and "+18.7" in page
    assert "the Goal Attainment Scaling T-score at the end minus at the start" in page
    client.force_login(commissioner)
    suppressed = client.get("/reports/return/", Q3).content.decode()
    assert "+18.7" not in suppressed and "Mean change in goal attainment" in suppressed
