"""The pages: a refuge says it has no room for a family of four, triage sees the answer and the board's
suitable places, asks another refuge, which accepts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accommodation.models import RefugeRequest
from casework.models import Refuge

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


FAMILY = {
    "out_of_area": "no",
    "adults": "1",
    "children": "3",
    "children_ages": "2, 6 and 9",
    "needs_wheelchair_access": "no",
}


def test_no_capacity_then_another_refuge_accepts(
    routed_case: Any, triage: Any, lookahead_worker: Any, centra_worker: Any
) -> None:
    case = routed_case("swale", 11)
    tara, lena, cara = signed_in(triage), signed_in(lookahead_worker), signed_in(centra_worker)

    # Nothing is pre-selected: without the yes/no answers the request is refused.
    refused = tara.post(
        f"/accommodation/cases/{case}/refuge-request/",
        {"refuge": Refuge.objects.get(name="West Kent Refuge 1").pk, "adults": "1", "children": "3"},
    )
    assert refused.status_code == 400
    asked = tara.post(
        f"/accommodation/cases/{case}/refuge-request/",
        {**FAMILY, "refuge": Refuge.objects.get(name="West Kent Refuge 1").pk},
    )
    assert asked.status_code == 302
    first = RefugeRequest.objects.get(referral_id=case)

    inbox = lena.get("/accommodation/refuge-requests/")
    assert inbox.status_code == 200 and f"/accommodation/refuge-requests/{first.pk}/" in inbox.content.decode()
    assert lena.post(f"/accommodation/refuge-requests/{first.pk}/", {"outcome": "no_capacity"}).status_code == 302

    shown = tara.get(f"/accommodation/refuge-requests/{first.pk}/").content.decode()
    assert "No capacity" in shown
    board = tara.get("/accommodation/vacancies/", {"adults": "1", "children": "3"})
    assert board.status_code == 200
    assert "Family room" in board.content.decode() and "Kent Male Refuge" not in board.content.decode()

    tara.post(
        f"/accommodation/cases/{case}/refuge-request/",
        {**FAMILY, "refuge": Refuge.objects.get(name="North Kent Refuge").pk},
    )
    second = RefugeRequest.objects.filter(referral_id=case).exclude(pk=first.pk).get()
    # Only the refuge's own provider answers.
    assert tara.post(f"/accommodation/refuge-requests/{second.pk}/", {"outcome": "accepted"}).status_code == 403
    assert cara.post(f"/accommodation/refuge-requests/{second.pk}/", {"outcome": "accepted"}).status_code == 302
    second.refresh_from_db()
    assert (second.state, second.answered_by) == ("accepted", centra_worker)
    # Answering again is a conflict, shown on the page.
    assert cara.post(f"/accommodation/refuge-requests/{second.pk}/", {"outcome": "no_capacity"}).status_code == 409


def test_the_board_is_not_offered_to_partners(police_user: Any) -> None:
    assert signed_in(police_user).get("/accommodation/vacancies/").status_code == 404


def test_the_commissioner_sees_refuge_requests_by_outcome_in_the_quarter(
    api: Any, routed_case: Any, triage: Any, lookahead_worker: Any, commissioner: Any
) -> None:
    from django.utils import timezone

    from reports.periods import current_quarter

    for _ in range(5):
        case = routed_case("swale", 11)
        made = api(triage).post(
            f"/api/v1/referrals/{case}/refuge-requests/",
            {
                **FAMILY,
                "out_of_area": False,
                "needs_wheelchair_access": False,
                "refuge": Refuge.objects.get(name="West Kent Refuge 1").pk,
            },
            format="json",
        )
        api(lookahead_worker).post(
            f"/api/v1/refuge-requests/{made.json()['id']}/answer/", {"answer": "no_capacity"}, format="json"
        )
    quarter = current_quarter(timezone.localdate())
    page = signed_in(commissioner).get("/reports/return/", {"period": quarter.key})
    assert page.status_code == 200
    csv_rows = (
        signed_in(commissioner).get("/reports/return/refuge-requests.csv", {"period": quarter.key}).content.decode()
    )
    assert "No capacity,5" in csv_rows
    assert "Refuge requests by outcome" in page.content.decode()
