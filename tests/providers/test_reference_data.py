from __future__ import annotations

import pytest
from django.core.management import call_command

from marac.models import Marac, MaracCoverage
from providers.models import District, Organisation, RoutingRule, SignpostRule
from referrals.models import ChecklistQuestion

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (District, Organisation, RoutingRule, SignpostRule, Marac, MaracCoverage, ChecklistQuestion)
    )


def test_loading_twice_doubles_nothing(ref) -> None:
    before = counts()
    call_command("load_reference_data")
    call_command("load_reference_data")
    assert counts() == before
    assert before == (13, 15, 9, 1, 13, 13, 25)  # 15 organisations: Project Salus (SASS) among them


def test_medway_is_signposted_to_its_own_service_by_data(ref) -> None:
    (rule,) = SignpostRule.objects.filter(district__slug="medway")
    assert rule.organisation.name == "Medway Domestic Abuse Service"
    assert rule.district.area is None  # outside KIDAS
    assert MaracCoverage.objects.get(district__slug="medway").marac.name == "Medway MARAC"


def test_every_kent_district_belongs_to_exactly_one_marac(ref) -> None:
    for district in District.objects.all():
        assert MaracCoverage.objects.filter(district=district).count() == 1


def test_demo_data_needs_the_demo_switch(ref, settings) -> None:
    from django.core.management.base import CommandError

    settings.KIDAS_DEMO = False
    with pytest.raises(CommandError):
        call_command("load_demo_data")


def test_demo_data_loads(ref, settings) -> None:
    from accounts.models import User
    from referrals.models import Referral

    settings.KIDAS_DEMO = True
    call_command("load_demo_data", "--referrals", "15")
    assert User.objects.filter(username="triage").exists()
    assert Referral.objects.count() == 15
