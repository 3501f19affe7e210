from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from intake import services
from intake.keys import hash_key
from intake.models import PartnerApiKey
from providers.models import Organisation

pytestmark = pytest.mark.django_db


def admin_client(user: Any) -> Client:
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_issues_a_key_and_sees_it_once(administrator: Any, police: Organisation) -> None:
    response = admin_client(administrator).post(
        "/admin/intake/partnerapikey/add/", {"organisation": police.pk, "name": "Athena"}
    )

    assert response.status_code == 302
    api_key = PartnerApiKey.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request) if "shown only this once" in str(m)]
    key = shown[0].rsplit(" ", 1)[-1]
    assert api_key.hashed_secret == hash_key(key)
    assert key not in api_key.hashed_secret


def test_an_administrator_rotates_and_revokes_keys(administrator: Any, police: Organisation) -> None:
    first, _ = services.partner_api_key_issue(organisation=police)
    second, _ = services.partner_api_key_issue(organisation=police)
    client = admin_client(administrator)

    client.post("/admin/intake/partnerapikey/", {"action": "rotate", "_selected_action": [first.pk]})
    client.post("/admin/intake/partnerapikey/", {"action": "revoke", "_selected_action": [second.pk]})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is not None and first.replaced_by is not None
    assert first.replaced_by.is_active
    assert second.revoked_at is not None
    assert PartnerApiKey.objects.filter(revoked_at__isnull=True).count() == 1
