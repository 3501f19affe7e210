"""Referrals publishes its state changes as events; service levels and MARAC react to them in the same
transaction (ARCHITECTURE.md). A reaction that fails undoes the move: a referral never moves without
its clocks; and a high-risk referral never silently misses its MARAC."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from referrals.events import high_risk_referral_routed, referral_state_changed
from referrals.models import Referral, StateChange
from referrals.services import referral_list_at_marac, referral_withdraw
from referrals.states import State
from sla.models import Clock
from sla.stages import Stage
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def test_a_new_referral_starts_its_triage_clock_through_the_event(triage, create_referral) -> None:
    referral = Referral.objects.get(pk=create_referral()["id"])
    clock = Clock.objects.get(referral=referral, stage=Stage.TRIAGE)
    assert clock.started_at == referral.received_at and clock.stopped_at is None


def test_a_move_whose_reaction_fails_is_undone_with_its_history(triage, create_referral) -> None:
    referral = Referral.objects.get(pk=create_referral()["id"])

    def broken(sender: object, **kwargs: Any) -> None:
        raise RuntimeError("a reaction failed")

    referral_state_changed.connect(broken, sender=Referral, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError):
            referral_withdraw(user=triage, referral_id=referral.pk, reason="Client asked for no contact")
    finally:
        referral_state_changed.disconnect(sender=Referral, dispatch_uid="test.broken")
    referral.refresh_from_db()
    assert referral.state == State.RECEIVED
    assert list(StateChange.objects.filter(referral=referral).values_list("transition", flat=True)) == ["receive"]
    assert Clock.objects.get(referral=referral, stage=Stage.TRIAGE).stopped_at is None


def test_withdrawing_stops_the_clocks_in_the_same_move(triage, create_referral) -> None:
    referral = Referral.objects.get(pk=create_referral()["id"])
    referral_withdraw(user=triage, referral_id=referral.pk, reason="Client asked for no contact")
    assert Clock.objects.get(referral=referral, stage=Stage.TRIAGE).stopped_at is not None


def test_a_high_risk_referral_is_never_routed_when_nothing_lists_it_at_a_marac(triage) -> None:
    referral: Referral = ReferralFactory.create(risk_level="high")
    receivers: Any = high_risk_referral_routed.receivers
    saved = list(receivers)
    receivers.clear()
    high_risk_referral_routed.sender_receivers_cache.clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="MARAC"):
            referral_list_at_marac(referral, user=triage, assessment=None)
    finally:
        receivers.extend(saved)
        high_risk_referral_routed.sender_receivers_cache.clear()
