"""A correction is recorded, not overwritten: old value, new value, reason, who and when, shown on the
record's timeline and captured by the history triggers too."""

from __future__ import annotations

import pytest
from django.apps import apps

from audit.corrections import referral_correct
from audit.models import TRACKED, Correction
from kidas.errors import DomainError
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_correction_keeps_the_old_value(client, open_case, centra_worker) -> None:
    pk = open_case(centra_worker, last_name="Smyth")
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{pk}/").content.decode()
    assert f'href="/audit/cases/{pk}/correct/"' in page
    response = client.post(
        f"/audit/cases/{pk}/correct/", {"field": "last_name", "value": "Smith", "reason": "Misheard on the phone"}
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=pk).last_name == "Smith"
    correction = Correction.objects.get(referral_id=pk)
    assert (correction.field, correction.old_value, correction.new_value, correction.by) == (
        "last_name",
        "Smyth",
        "Smith",
        centra_worker,
    )
    timeline = client.get(f"/referrals/{pk}/").content.decode()
    assert "Corrected last name" in timeline and "Smyth" in timeline and "Misheard on the phone" in timeline
    history = apps.get_model("audit", TRACKED[Referral]).objects.filter(pgh_obj_id=pk).order_by("-pgh_id")
    assert [e.last_name for e in history[:2]] == ["Smith", "Smyth"]


def test_a_restricted_correction_hides_its_values_on_the_timeline(client, open_case, centra_worker, triage) -> None:
    pk = open_case(centra_worker, code_word="heron")
    referral_correct(user=centra_worker, referral_id=pk, field="code_word", value="osprey", reason="Changed by client")
    client.force_login(centra_worker)
    html = client.get(f"/referrals/{pk}/").content.decode()
    assert "Corrected code word" in html
    client.force_login(triage)
    html = client.get(f"/referrals/{pk}/").content.decode()
    assert "heron" not in html and "osprey" not in html


def test_a_bad_value_is_refused_and_nothing_changes(client, open_case, centra_worker) -> None:
    pk = open_case(centra_worker)
    client.force_login(centra_worker)
    response = client.post(f"/audit/cases/{pk}/correct/", {"field": "postcode", "value": "NOT A CODE", "reason": "x"})
    assert response.status_code == 400
    assert not Correction.objects.exists()
    with pytest.raises(DomainError):
        referral_correct(user=centra_worker, referral_id=pk, field="state", value="closed", reason="x")


def test_an_outsider_may_not_correct(client, open_case, centra_worker, oasis_worker, swale_coordinator) -> None:
    pk = open_case(centra_worker)
    for user in (oasis_worker, swale_coordinator):
        client.force_login(user)
        assert (
            client.post(f"/audit/cases/{pk}/correct/", {"field": "last_name", "value": "X", "reason": "y"}).status_code
            == 404
        )
    assert not Correction.objects.exists()


def test_the_correction_row_cannot_be_changed(open_case, centra_worker) -> None:
    from django.db import DatabaseError, transaction

    pk = open_case(centra_worker)
    correction = referral_correct(user=centra_worker, referral_id=pk, field="town", value="Faversham", reason="Moved")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        Correction.objects.filter(pk=correction.pk).update(new_value="Elsewhere")
