"""Entering a stage starts its clock with a due time; leaving it stops the clock and keeps whether it was met."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sla.deadlines import LONDON
from sla.models import Clock, Policy
from sla.services import clock_stop
from sla.stages import Stage

pytestmark = pytest.mark.django_db


def clocks(referral_id: int) -> list[tuple[str, str, bool | None]]:
    return [
        (c.stage, c.risk_level, c.met)
        for c in Clock.objects.filter(referral_id=referral_id).order_by("started_at", "stage")
    ]


def test_it_starts_the_triage_clock_on_receipt(create_referral, clock_at) -> None:
    referral = create_referral()
    clock = Clock.objects.get(referral_id=referral["id"])
    assert (clock.stage, clock.risk_level, clock.stopped_at) == (Stage.TRIAGE, "medium", None)
    assert clock.due_at == datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    assert clock.remind_at == clock.due_at - timedelta(hours=2)
    assert clock.escalate_at == clock.due_at + timedelta(hours=4)


def test_routing_stops_triage_and_starts_the_provider_decision(create_referral, assess, clock_at) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 11)  # medium → Centra
    assert clocks(referral["id"]) == [(Stage.PROVIDER_DECISION, "medium", None), (Stage.TRIAGE, "medium", True)]
    decision = Clock.objects.get(referral_id=referral["id"], stage=Stage.PROVIDER_DECISION)
    assert decision.due_at == datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)  # medium: 1 working day


def test_a_high_risk_referral_also_waits_to_be_listed_at_marac(create_referral, assess, clock_at) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    decision = Clock.objects.get(referral_id=referral["id"], stage=Stage.PROVIDER_DECISION)
    marac = Clock.objects.get(referral_id=referral["id"], stage=Stage.MARAC_LISTING)
    assert decision.due_at == datetime(2026, 11, 23, 14, 0, tzinfo=LONDON)  # high: 4 hours
    assert marac.due_at == datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)  # at most 14 days
    assert marac.organisation is None


def test_accepting_starts_first_contact_and_support_stops_it(
    create_referral, assess, api, centra_worker, clock_at
) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 11)
    clock_at.move_to(datetime(2026, 11, 23, 11, 0, tzinfo=LONDON))
    api(centra_worker).post(f"/api/v1/referrals/{referral['id']}/accept/", {}, format="json")
    contact = Clock.objects.get(referral_id=referral["id"], stage=Stage.FIRST_CONTACT)
    assert contact.due_at == datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)  # medium: 2 working days
    api(centra_worker).post(f"/api/v1/referrals/{referral['id']}/start-support/", {}, format="json")
    contact.refresh_from_db()
    assert contact.met is True
    assert contact.stopped_by == centra_worker


def test_a_stage_met_late_stays_a_breach(create_referral, assess, clock_at) -> None:
    referral = create_referral(district="swale")
    clock_at.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON))  # two days later
    assess(referral["id"], 11)
    triage = Clock.objects.get(referral_id=referral["id"], stage=Stage.TRIAGE)
    assert triage.met is False
    assert triage.breached


def test_a_decline_restarts_triage_with_the_known_risk(create_referral, assess, api, centra_worker, clock_at) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    api(centra_worker).post(f"/api/v1/referrals/{referral['id']}/decline/", {"reason": "Full"}, format="json")
    again = Clock.objects.get(referral_id=referral["id"], stage=Stage.TRIAGE, stopped_at__isnull=True)
    assert again.risk_level == "high"
    assert again.due_at == datetime(2026, 11, 23, 14, 0, tzinfo=LONDON)


def test_other_features_stop_a_clock_by_stage(create_referral, assess, clock_at) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    clock_at.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    stopped = clock_stop(referral_id=referral["id"], stage=Stage.MARAC_LISTING)
    assert stopped is not None and stopped.met is True
    assert clock_stop(referral_id=referral["id"], stage=Stage.MARAC_LISTING) is None  # nothing running any more


def test_withdrawing_stops_every_clock(create_referral, api, triage, clock_at) -> None:
    referral = create_referral()
    api(triage).post(f"/api/v1/referrals/{referral['id']}/withdraw/", {"reason": "Asked us to"}, format="json")
    assert not Clock.objects.filter(referral_id=referral["id"], stopped_at__isnull=True).exists()


def test_an_administrators_policy_change_applies_to_new_clocks(create_referral, clock_at) -> None:
    Policy.objects.filter(stage=Stage.TRIAGE, risk_level="medium").update(amount=3)
    referral = create_referral()
    clock = Clock.objects.get(referral_id=referral["id"])
    assert clock.due_at == datetime(2026, 11, 26, 10, 0, tzinfo=LONDON)


def test_a_high_risk_first_contact_accepted_before_the_clocks_go_back_is_due_24_real_hours_later(
    create_referral, assess, api, centra_worker, clock_at
) -> None:
    clock_at.move_to(datetime(2026, 10, 24, 11, 0, tzinfo=LONDON))
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    clock_at.move_to(datetime(2026, 10, 24, 12, 0, tzinfo=LONDON))  # Saturday noon, summer time
    api(centra_worker).post(f"/api/v1/referrals/{referral['id']}/accept/", {}, format="json")
    contact = Clock.objects.get(referral_id=referral["id"], stage=Stage.FIRST_CONTACT)
    assert contact.due_at == datetime(2026, 10, 25, 11, 0, tzinfo=LONDON)  # Sunday 11:00 GMT: 24 hours, not 25
    assert contact.escalate_at - contact.due_at == timedelta(hours=4)
