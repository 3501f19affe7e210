"""A case's pathways (hospital IDVA with its hospital, specialist IDVAs, court IDVA, cyberstalking clinic) and the
survivor's engagement, recorded by the case's own provider."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from monitoring.models import Pathway, ReferralPathway
from reports.periods import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_july(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 7, 1, 9, 0, tzinfo=LONDON), tick=False)


def url(referral_id: int) -> str:
    return f"/api/v1/referrals/{referral_id}/pathways/"


def test_the_reference_data_has_the_pathways_and_the_hospital_idva_s_two_hospitals(ref: None) -> None:
    assert list(Pathway.objects.values_list("slug", "needs_hospital")) == [
        ("hospital-idva", True),
        ("specialist-idva-male", False),
        ("specialist-idva-lgbt", False),
        ("specialist-idva-complex-needs", False),
        ("court-idva", False),
        ("cyberstalking-clinic", False),
    ]


def test_the_provider_puts_the_case_on_the_hospital_idva_and_records_engagement_later(
    api: Any, centra_worker: Any, open_case: Any
) -> None:
    case_id = open_case(centra_worker)
    made = api(centra_worker).post(
        url(case_id),
        {"pathway": "hospital-idva", "hospital": "darent-valley", "referred_on": "2026-06-20"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert (made.json()["hospital"], made.json()["engagement"]) == ("darent-valley", "")
    later = api(centra_worker).post(
        url(case_id),
        {
            "pathway": "hospital-idva",
            "hospital": "darent-valley",
            "referred_on": "2026-06-20",
            "engagement": "through_staff",
        },
        format="json",
    )
    assert later.status_code == 201, later.json()
    link = ReferralPathway.objects.get(referral_id=case_id)  # one link per pathway: updated, not doubled
    assert (link.engagement, link.referred_on, link.recorded_by, link.updated_by) == (
        "through_staff",
        date(2026, 6, 20),
        centra_worker,
        centra_worker,
    )
    listed = api(centra_worker).get(url(case_id)).json()
    assert [(p["pathway"], p["engagement"]) for p in listed] == [("hospital-idva", "through_staff")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"pathway": "hospital-idva"}, "Choose the hospital"),
        ({"pathway": "court-idva", "hospital": "william-harvey"}, "not at a hospital"),
        ({"pathway": "no-such-pathway"}, "No such pathway"),
        ({"pathway": "court-idva", "referred_on": "2026-07-02"}, "future"),
    ],
)
def test_it_refuses_what_does_not_fit_the_pathway(
    api: Any, centra_worker: Any, open_case: Any, body: dict[str, str], message: str
) -> None:
    case_id = open_case(centra_worker)
    refused = api(centra_worker).post(url(case_id), body, format="json")
    assert refused.status_code == 400 and message in refused.json()["detail"], refused.json()
    assert not ReferralPathway.objects.filter(referral_id=case_id).exists()


def test_an_unknown_engagement_is_a_400(api: Any, centra_worker: Any, open_case: Any) -> None:
    case_id = open_case(centra_worker)
    refused = api(centra_worker).post(url(case_id), {"pathway": "court-idva", "engagement": "maybe"}, format="json")
    assert refused.status_code == 400 and "engagement" in refused.json()


def test_only_the_case_s_own_provider_records_them(
    api: Any, centra_worker: Any, oasis_worker: Any, triage: Any, commissioner: Any, administrator: Any, open_case: Any
) -> None:
    case_id = open_case(centra_worker)
    # A specialist pathway says as much as equality monitoring: not for administrators on the ordinary pages.
    assert api(administrator).get(url(case_id)).status_code == 403
    assert api(triage).post(url(case_id), {"pathway": "court-idva"}, format="json").status_code == 403
    assert api(triage).get(url(case_id)).status_code == 403
    assert api(oasis_worker).post(url(case_id), {"pathway": "court-idva"}, format="json").status_code == 404
    assert api(commissioner).get(url(case_id)).status_code == 404
    assert not ReferralPathway.objects.exists()


def test_the_pathways_page_records_one(client: Any, centra_worker: Any, open_case: Any) -> None:
    case_id = open_case(centra_worker)
    client.force_login(centra_worker)
    shown = client.get(f"/monitoring/cases/{case_id}/pathways/")
    assert shown.status_code == 200 and "Not on any pathway" in shown.content.decode()
    assert "checked" not in shown.content.decode()
    court = Pathway.objects.get(slug="court-idva")
    saved = client.post(
        f"/monitoring/cases/{case_id}/pathways/",
        {
            "pathway": court.pk,
            "referred_on_0": "30",
            "referred_on_1": "6",
            "referred_on_2": "2026",
            "engagement": "directly",
        },
    )
    assert saved.status_code == 302, saved.content.decode()
    assert ReferralPathway.objects.get(referral_id=case_id).engagement == "directly"
    hospital = client.post(
        f"/monitoring/cases/{case_id}/pathways/",
        {
            "pathway": Pathway.objects.get(slug="hospital-idva").pk,
            "referred_on_0": "30",
            "referred_on_1": "6",
            "referred_on_2": "2026",
        },
    )
    assert hospital.status_code == 400 and "Choose the hospital" in hospital.content.decode()
