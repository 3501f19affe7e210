"""Completing the assessment routes the referral by the rules, and lists high risk at MARAC."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from marac.models import MaracReferral
from providers.models import Area, Organisation, RoutingRule, Service, SignpostRule
from referrals.models import Referral, RiskAssessment

pytestmark = pytest.mark.django_db


def detail(api, user, referral_id):
    return api(user).get(f"/api/v1/referrals/{referral_id}/").json()


@pytest.mark.parametrize(
    ("district", "yes", "provider", "service", "marac"),
    [
        ("swale", 15, "centra", "idva", "Swale MARAC"),
        ("swale", 11, "centra", "outreach", None),
        ("swale", 3, "victim-support", "early-intervention", None),
        ("tunbridge-wells", 11, "davss", "outreach", None),
        ("sevenoaks", 16, "look-ahead", "idva", "Sevenoaks MARAC"),
        ("thanet", 14, "oasis", "idva", "Thanet MARAC"),
        ("ashford", 10, "centra", "outreach", None),
    ],
)
def test_it_routes_to_the_lead_provider_of_the_area(
    create_referral, assess, api, triage, district: str, yes: int, provider: str, service: str, marac: str | None
) -> None:
    referral = create_referral(district=district)
    response = assess(referral["id"], yes)
    assert response.status_code == 201, response.json()
    data = detail(api, triage, referral["id"])
    assert data["state"] == "routed"
    assert (data["provider"], data["service"]) == (provider, service)
    assert [m["marac"] for m in data["marac_referrals"]] == ([marac] if marac else [])
    assert [h["to_state"] for h in data["history"]] == ["received", "assessed", "routed"]


def test_the_assessment_keeps_its_version_answers_thresholds_and_reasons(create_referral, assess) -> None:
    referral = create_referral()
    body = assess(referral["id"], 15, police_callouts=[str(timezone.localdate())]).json()
    assert body["checklist_version"] == "2026.1"
    assert body["thresholds"] == {
        "high_min_yes": 14,
        "medium_min_yes": 10,
        "escalation_min_callouts": 3,
        "escalation_window_months": 12,
    }
    assert body["level"] == "high"
    assert body["marac_reason"] == "visible_high_risk"
    assert body["reasons"][0].startswith("15 of 25 answers were yes")
    assert list(body["answers"].values()).count("yes") == 15
    assert "Strangulation or choking" not in body["flags"]  # the first 15 topics do not include it


def test_it_flags_strangulation_whatever_the_score(create_referral, assess, answers_with, triage, api) -> None:
    referral = create_referral()
    given = answers_with(0) | {"strangulation": "yes"}
    body = (
        api(triage)
        .post(f"/api/v1/referrals/{referral['id']}/risk-assessment/", {"answers": given}, format="json")
        .json()
    )
    assert body["level"] == "standard"
    assert body["flags"] == ["Strangulation or choking"]


def test_judgement_raises_to_high_and_lists_at_marac(create_referral, assess, api, triage) -> None:
    referral = create_referral()
    body = assess(
        referral["id"], 4, judgement_level="high", judgement_reason="Threats made in front of officers"
    ).json()
    assert body["level"] == "high"
    listing = MaracReferral.objects.get(referral_id=referral["id"])
    assert listing.reason == "professional_judgement"


def test_escalation_by_police_callouts(create_referral, assess) -> None:
    referral = create_referral()
    today = timezone.localdate()
    callouts = [str(today - timedelta(days=d)) for d in (10, 100, 200)]
    body = assess(referral["id"], 2, police_callouts=callouts).json()
    assert (body["level"], body["callouts_in_window"], body["marac_reason"]) == ("high", 3, "escalation")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"fear": "yes"}}, "current_injuries"),
        ({"answers": {"fear": "maybe"}}, "answers"),
        ({"judgement_level": "high"}, "judgement_reason"),
        ({"police_callouts": ["2999-01-01"]}, "police_callouts"),
        ({"police_callouts": ["yesterday"]}, "police_callouts"),
    ],
)
def test_a_bad_assessment_is_refused_and_nothing_changes(
    create_referral, answers_with, triage, api, body, field
) -> None:
    referral = create_referral()
    payload = {"answers": answers_with(3), **body}
    response = api(triage).post(f"/api/v1/referrals/{referral['id']}/risk-assessment/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert RiskAssessment.objects.count() == 0
    assert Referral.objects.get(pk=referral["id"]).state == "received"


def test_no_district_goes_to_the_manual_routing_queue(create_referral, assess, api, triage) -> None:
    referral = create_referral(district=None)
    assess(referral["id"], 15)
    data = detail(api, triage, referral["id"])
    assert data["state"] == "needs_routing"
    assert data["provider"] is None
    assert "route by hand" in data["routing_explanation"]
    queue = api(triage).get("/api/v1/referrals/?state=needs_routing").json()
    assert [r["id"] for r in queue["results"]] == [referral["id"]]


def test_a_high_risk_medway_referral_goes_to_medways_marac_and_is_signposted(
    create_referral, assess, api, triage
) -> None:
    referral = create_referral(district="medway")
    assess(referral["id"], 15)
    data = detail(api, triage, referral["id"])
    assert data["state"] == "marac_only"
    assert data["provider"] is None
    assert data["routing_explanation"] == (
        "Medway is outside KIDAS: referred to Medway MARAC and signposted to Medway Domestic Abuse Service."
    )
    assert list(MaracReferral.objects.filter(referral_id=referral["id"]).values_list("marac__slug", flat=True)) == [
        "medway-marac"
    ]


def test_a_medium_risk_medway_referral_is_signposted_to_medways_service(create_referral, assess, api, triage) -> None:
    referral = create_referral(district="medway")
    assess(referral["id"], 11)
    data = detail(api, triage, referral["id"])
    assert data["state"] == "closed"
    assert data["routing_explanation"] == "Medway is outside KIDAS: signposted to Medway Domestic Abuse Service."
    assert not MaracReferral.objects.filter(referral_id=referral["id"]).exists()


def test_a_district_outside_kidas_without_a_signpost_rule_in_force_is_routed_by_hand(
    create_referral, assess, api, triage
) -> None:
    SignpostRule.objects.filter(district__slug="medway").update(valid_to=date(2026, 3, 31))
    referral = create_referral(district="medway")
    assess(referral["id"], 15)
    data = detail(api, triage, referral["id"])
    assert data["state"] == "needs_routing"
    assert "outside KIDAS and no signpost rule is in force" in data["routing_explanation"]


def test_routing_again_after_a_decline_keeps_the_one_marac_referral(
    create_referral, assess, api, triage, centra_worker
) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    declined = api(centra_worker).post(
        f"/api/v1/referrals/{referral['id']}/decline/", {"reason": "Full"}, format="json"
    )
    assert declined.status_code == 200, declined.json()
    routed = api(triage).post(f"/api/v1/referrals/{referral['id']}/route/", {}, format="json")
    assert routed.status_code == 200, routed.json()
    assert MaracReferral.objects.filter(referral_id=referral["id"]).count() == 1


def test_manual_routing_sends_it_on_with_the_reason(create_referral, assess, api, triage) -> None:
    referral = create_referral(district=None)
    assess(referral["id"], 15)
    response = api(triage).post(
        f"/api/v1/referrals/{referral['id']}/manual-route/",
        {"provider": "centra", "service": "idva", "reason": "Lives in Swale, confirmed by phone"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["provider"]) == ("routed", "centra")


def test_no_rule_in_force_is_never_guessed(create_referral, assess, api, triage) -> None:
    RoutingRule.objects.filter(risk_level="medium", area__slug="east").update(valid_to=date(2026, 3, 31))
    referral = create_referral(district="thanet")
    assess(referral["id"], 11)
    data = detail(api, triage, referral["id"])
    assert data["state"] == "needs_routing"
    assert "No routing rule is in force" in data["routing_explanation"]


def test_the_rules_of_the_referrals_date_apply(create_referral, assess, api, triage) -> None:
    """A re-procured contract: referrals received before the change stay with the old provider."""
    east = Area.objects.get(slug="east")
    RoutingRule.objects.filter(risk_level="medium", area=east).update(
        valid_to=timezone.localdate() - timedelta(days=10)
    )
    RoutingRule.objects.create(
        risk_level="medium",
        area=east,
        provider=Organisation.objects.get(slug="centra"),
        service=Service.objects.get(slug="outreach"),
        valid_from=timezone.localdate() - timedelta(days=9),
    )
    old = create_referral(district="thanet", received_at=(timezone.now() - timedelta(days=20)).isoformat())
    new = create_referral(district="thanet")
    assess(old["id"], 11)
    assess(new["id"], 11)
    assert detail(api, triage, old["id"])["provider"] == "oasis"
    assert detail(api, triage, new["id"])["provider"] == "centra"


def test_without_consent_standard_risk_goes_no_further(create_referral, assess, api, triage) -> None:
    referral = create_referral(consent_given=False, consent_refusal_reason="Wants no contact")
    assess(referral["id"], 5)
    data = detail(api, triage, referral["id"])
    assert (data["state"], data["provider"]) == ("closed", None)


def test_without_consent_high_risk_goes_to_marac_only(create_referral, assess, api, triage) -> None:
    referral = create_referral(consent_given=False, consent_refusal_reason="Afraid of repercussions")
    assess(referral["id"], 16)
    data = detail(api, triage, referral["id"])
    assert (data["state"], data["provider"]) == ("marac_only", None)
    assert [m["marac"] for m in data["marac_referrals"]] == ["Swale MARAC"]


def test_a_second_marac_referral_of_the_same_pair_is_a_repeat(create_referral, assess) -> None:
    # The same survivor and the same alleged perpetrator, within 12 months of the pair's last MARAC
    # referral (tests/marac/test_repeats.py).
    person = {"first_name": "Jo", "last_name": "Bloggs", "date_of_birth": "1990-01-01", "perpetrator_name": "Sam Hurst"}
    first = create_referral(**person, received_at=(timezone.now() - timedelta(days=60)).isoformat())
    assess(first["id"], 15)
    second = create_referral(**person)
    assess(second["id"], 15)
    listing = MaracReferral.objects.get(referral_id=second["id"])
    assert listing.is_repeat is True
    assert listing.reason == "repeat"
