"""Subject access and retention per person. A survivor's export has no perpetrator's details and a
perpetrator's none of the survivor's or the children's; a person's own record is anonymised once every
referral they are on (as survivor, alleged perpetrator or child) has been."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AccessEvent, Action, PersonAnonymisation
from audit.retention import retention_sweep
from people.models import Person, PersonPhone
from referrals.models import Referral
from tests.factories import ReferralFactory
from tests.household import link, person

pytestmark = pytest.mark.django_db


Family = dict[str, Any]


@pytest.fixture
def family(ref: None) -> Family:
    survivor = person("Morwenna", "Trelawny", date(1984, 2, 3))
    perpetrator = person("Brannoc", "Penhallow", date(1980, 7, 1))
    child = person("Elowen", "Trelawny", date(2018, 3, 9))
    referral: Referral = ReferralFactory.create(
        first_name="Morwenna", last_name="Trelawny", perpetrator_name="Brannoc Penhallow", code_word="heron"
    )
    link(referral, survivor=survivor, perpetrators=[perpetrator], children=[child])
    PersonPhone.objects.create(person=perpetrator, number="+447700900999")
    return {"survivor": survivor, "perpetrator": perpetrator, "child": child, "referral": referral}


def export(client: Client, administrator: User, url: str) -> str:
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    return response.content.decode()


def test_a_survivors_export_leaves_out_the_perpetrator(client: Client, administrator: User, family: Family) -> None:
    for url in (
        f"/audit/cases/{family['referral'].pk}/subject-access.json",
        f"/audit/people/{family['survivor'].pk}/subject-access.json",
    ):
        text = export(client, administrator, url)
        assert "Morwenna" in text and "heron" in text  # her own data, in full
        assert "Brannoc" not in text and "Penhallow" not in text and "+447700900999" not in text


def test_a_perpetrators_export_leaves_out_the_survivor_and_children(
    client: Client, administrator: User, family: Family
) -> None:
    text = export(client, administrator, f"/audit/people/{family['perpetrator'].pk}/subject-access.json")
    document = json.loads(text)
    assert document["person"]["person"]["given_name"] == "Brannoc" and "+447700900999" in text
    assert [entry["referral"] for entry in document["named_as_alleged_perpetrator"]] == [family["referral"].reference]
    assert "Morwenna" not in text and "Trelawny" not in text and "heron" not in text and "Elowen" not in text
    assert document["referrals"] == []
    event = AccessEvent.objects.order_by("-id").first()
    assert event is not None and (event.action, event.referral_ids) == (Action.SUBJECT_ACCESS, [family["referral"].pk])


def test_a_childs_export_is_their_own(client: Client, administrator: User, family: Family) -> None:
    text = export(client, administrator, f"/audit/people/{family['child'].pk}/subject-access.json")
    assert "Elowen" in text and "Brannoc" not in text and "heron" not in text


def test_only_an_administrator_may_export_a_person(client: Client, triage: User, family: Family) -> None:
    client.force_login(triage)
    assert client.get(f"/audit/people/{family['perpetrator'].pk}/subject-access.json").status_code == 404


def test_a_person_is_anonymised_once_none_of_their_referrals_is_kept(family: Family) -> None:
    referral, perpetrator = family["referral"], family["perpetrator"]
    Referral.objects.filter(pk=referral.pk).update(state="withdrawn")
    Referral.objects.filter(pk=referral.pk).update(state_changed_at=timezone.now() - timedelta(days=365 * 7))
    # The perpetrator is also on a recent referral about someone else: kept, while the others go.
    recent: Referral = ReferralFactory.create()
    link(recent, survivor=person(), perpetrators=[perpetrator])

    retention_sweep()

    survivor = Person.objects.get(pk=family["survivor"].pk)
    child = Person.objects.get(pk=family["child"].pk)
    assert (survivor.given_name, survivor.family_name, survivor.date_of_birth) == ("Anonymised", "", date(1984, 1, 1))
    assert (child.given_name, child.family_name) == ("Anonymised", "")
    assert Person.objects.get(pk=perpetrator.pk).given_name == "Brannoc"
    assert PersonAnonymisation.objects.count() == 2
    assert retention_sweep() == 0 and PersonAnonymisation.objects.count() == 2
