"""Actions agreed at a meeting: an owning agency, a named person, a due date, a status."""

from __future__ import annotations

import pytest

from marac.models import MaracAction
from tests.marac.conftest import in_days

pytestmark = pytest.mark.django_db


def action_body(listed, **overrides):
    body = {
        "meeting": listed.meeting_id,
        "owner": "swale-housing",
        "person": "Hari Housing",
        "description": "Fit a sanctuary scheme lock",
        "due_on": in_days(21).isoformat(),
    }
    body.update(overrides)
    return body


def test_the_coordinator_records_an_action(api, listed, swale_coordinator) -> None:
    response = api(swale_coordinator).post(
        f"/api/v1/marac-cases/{listed.case_id}/actions/", action_body(listed), format="json"
    )
    assert response.status_code == 201, response.json()
    action = MaracAction.objects.get()
    assert (action.owner.slug, action.status, action.created_by) == ("swale-housing", "open", swale_coordinator)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner": None}, "owner"),
        ({"owner": "no-such-agency"}, "owner"),
        ({"person": ""}, "person"),
        ({"due_on": "2020-01-01"}, "due_on"),
    ],
)
def test_a_bad_action_answers_400_and_saves_nothing(api, listed, swale_coordinator, overrides, field) -> None:
    response = api(swale_coordinator).post(
        f"/api/v1/marac-cases/{listed.case_id}/actions/", action_body(listed, **overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not MaracAction.objects.exists()


def test_partner_staff_may_not_record_actions(api, listed, swale_housing) -> None:
    response = api(swale_housing).post(
        f"/api/v1/marac-cases/{listed.case_id}/actions/", action_body(listed), format="json"
    )
    assert response.status_code == 403
    assert not MaracAction.objects.exists()
