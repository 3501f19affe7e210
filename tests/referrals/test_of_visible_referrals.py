"""Rows of a referral's parts, kept to the referrals the user may see (referrals.selectors.of_visible_referrals):
someone who sees every referral (sees_every_referral: triage and administrators, signed in and active) is not
filtered by them, so the database does not join every referral only to keep them all; everyone else is."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from referrals.selectors import of_visible_referrals, referrals_visible_to, sees_every_referral
from sla.models import Clock
from tests.factories import UserFactory

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


@pytest.mark.parametrize(
    ("role", "superuser", "active", "sees_all"),
    [
        (Role.TRIAGE_WORKER, False, True, True),
        (Role.ADMINISTRATOR, False, True, True),
        (Role.PROVIDER_WORKER, True, True, True),  # a superuser is an administrator
        (Role.TRIAGE_WORKER, False, False, False),  # a deactivated account sees nothing
        (Role.ADMINISTRATOR, False, False, False),
        (Role.PROVIDER_WORKER, False, True, False),
        (Role.PROVIDER_MANAGER, False, True, False),
        (Role.MARAC_COORDINATOR, False, True, False),
        (Role.PARTNER_USER, False, True, False),
        (Role.COMMISSIONER, False, True, False),
    ],
)
def test_who_sees_every_referral(ref, role, superuser, active, sees_all) -> None:
    user: User = UserFactory(role=role, is_superuser=superuser, is_active=active)  # type: ignore[assignment]
    assert sees_every_referral(user) is sees_all
    assert (referrals_visible_to(user).query.where.children == []) is sees_all


def test_someone_signed_out_sees_no_referral() -> None:
    assert sees_every_referral(AnonymousUser()) is False  # type: ignore[arg-type]  # request.user before sign-in
