"""At the end of the survivor's case's retention period, the children's service's free text about the child
is blanked with the rest of the case (audit.retention)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accommodation.children_service import child_case_close, child_case_refer, child_goal_set
from accommodation.children_service_models import ChildCase, ChildCaseStep, ChildGoal
from accounts.models import Role, User
from audit.retention import referrals_anonymise
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db
LEVELS = {-2: "Hides all day", -1: "Hides most days", 0: "Plays outside", 1: "Plays with others", 2: "Leads games"}


def test_the_childs_free_text_is_blanked_and_the_case_stays_consistent(routed_case: Any, triage: User) -> None:
    salus = user_in("project-salus", Role.PROVIDER_WORKER)
    referral_id = routed_case("swale", 11)
    child = person(date_of_birth=date(2018, 3, 2))
    link(referral_id, survivor=person(), children=[child])
    case = child_case_refer(
        user=triage,
        referral_id=referral_id,
        child_id=child.pk,
        source="professional",
        referrer_name="Ms Head",
        referrer_agency="Milton Primary",
        reason="Hides under the desk when a door bangs.",
    )
    child_goal_set(user=salus, case_id=case.pk, title="Play outside", levels=LEVELS, baseline=-1)
    child_case_close(user=salus, case_id=case.pk, move="decline", reason="The family moved to Wales.")

    referrals_anonymise(referral_ids=[referral_id])

    case = ChildCase.objects.get(pk=case.pk)
    assert (case.reason, case.closed_reason, case.referrer_name, case.referrer_agency) == ("Anonymised",) * 4
    assert not ChildCaseStep.objects.filter(case=case).exclude(reason="").exists()
    goal = ChildGoal.objects.get(case=case)
    assert (goal.title, goal.level_0, goal.baseline) == ("", "", -1)  # the scores stay for the figures
