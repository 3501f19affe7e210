"""Triage starts a new referral for a woman already known, types her name misspelt, sees her with her
open case before saving, says she is the same person, and the new referral is hers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from referrals.models import Referral
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_triage_sees_the_known_survivor_while_typing_and_links_the_new_referral_to_her(
    live_server: Any, page: Any, triage: Any, centra_worker: Any, open_case: Callable[..., int]
) -> None:
    earlier = Referral.objects.get(
        pk=open_case(centra_worker, first_name="Joanne", last_name="Smith", date_of_birth="1985-03-27")
    )
    sign_in(page, live_server.url, triage)
    page.get_by_role("heading", name="Triage queue").wait_for()
    page.get_by_role("link", name="New referral").click()
    page.get_by_role("heading", name="Record a referral").wait_for()

    page.get_by_label("First name").first.fill("Joan")
    page.get_by_label("Last name").fill("Smyth")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1985")

    candidates = page.locator("#survivor-candidates")
    candidates.get_by_role("heading", name="Is this someone already known?").wait_for()
    assert earlier.reference in candidates.inner_text()
    assert centra_worker.get_full_name() in candidates.inner_text()
    assert serious_accessibility_violations(page) == []
    assert not candidates.locator("input[name='survivor']:checked").count()  # nothing chosen for the worker
    candidates.get_by_label("Same person as Joanne Smith").check()

    page.get_by_role("group", name="Gender").get_by_label("Woman").check()
    with page.expect_response(lambda response: "/candidates/" in response.url):
        page.get_by_label("Postcode").fill("ME10 3AB")  # the panel is asked again: her choice stays made
    assert candidates.get_by_label("Same person as Joanne Smith").is_checked()
    page.get_by_label("District").select_option(label="Swale")
    page.get_by_role("group", name="Relationship to the person").get_by_label("Ex-partner").check()
    page.get_by_label("Referral source").select_option(label="Police")
    page.get_by_role("group", name="Does the person consent to the referral?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and assess risk").click()

    page.get_by_role("heading", name="Risk identification checklist").wait_for()
    assert Referral.objects.latest("pk").survivor_id == earlier.survivor_id
