"""The service levels are data with the defaults of domain.md, loaded without overwriting edits."""

from __future__ import annotations

import pytest

from sla.models import Policy
from sla.services import DEFAULT_POLICY, sla_policy_load
from sla.stages import Stage

pytestmark = pytest.mark.django_db


def test_it_holds_the_defaults_of_domain_md(ref) -> None:
    rows = {(p.stage, p.risk_level): (p.amount, p.unit) for p in Policy.objects.all()}
    assert rows == dict(DEFAULT_POLICY)
    assert rows[(Stage.FIRST_CONTACT, "standard")] == (5, "working_days")
    assert rows[(Stage.TRIAGE, "high")] == (4, "hours")


def test_loading_twice_keeps_an_administrators_edit(ref) -> None:
    Policy.objects.filter(stage=Stage.TRIAGE, risk_level="high").update(amount=2)
    assert sla_policy_load() == 0
    assert Policy.objects.get(stage=Stage.TRIAGE, risk_level="high").amount == 2
    assert Policy.objects.count() == len(DEFAULT_POLICY)


def test_an_administrator_edits_it_in_the_admin(client, ref) -> None:
    from tests.factories import UserFactory

    admin = UserFactory(username="root.admin", role="administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/sla/policy/")
    assert page.status_code == 200
    assert "Received to triaged" in page.content.decode()
