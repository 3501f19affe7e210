"""Rows of a referral's parts, kept to the referrals the user may see (referrals.selectors.of_visible_referrals):
someone who sees every referral is not filtered by them, so the database does not join every referral only to
keep them all; everyone else is."""

from __future__ import annotations

import pytest

from referrals.selectors import of_visible_referrals
from sla.models import Clock

pytestmark = pytest.mark.django_db


def test_triage_sees_every_referrals_clocks_without_a_filter_over_the_referrals(triage, routed_case) -> None:
    routed_case()
    clocks = Clock.objects.all()
    assert of_visible_referrals(clocks, triage) is clocks
    assert set(of_visible_referrals(clocks, triage)) == set(Clock.objects.all())


def test_a_provider_sees_only_its_own_referrals_clocks(centra_manager, routed_case) -> None:
    routed_case()
    clocks = of_visible_referrals(Clock.objects.all(), centra_manager)
    assert '"referrals_referral"' in str(clocks.query)
    assert all(clock.referral.provider_id == centra_manager.organisation_id for clock in clocks)
